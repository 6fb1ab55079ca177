// The types next-env.d.ts brings (CSS modules, images), also before the first build creates that file.
/// <reference types="next" />
/// <reference types="next/image-types/global" />
