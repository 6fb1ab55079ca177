throw new Error('sharp is not available: image optimisation is turned off in this app.');
