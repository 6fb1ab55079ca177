#!/usr/bin/env bash
# Regenerates the web UI's REST types after an API change: writes the API's OpenAPI document to
# ui/openapi/v1.json (by running the test that checks it, which starts the API on an embedded PostgreSQL), then
# generates ui/src/lib/api-schema.ts from it with openapi-typescript. Commit both files.
set -euo pipefail
cd "$(dirname "$0")/.."

EVERRUNS_WRITE_OPENAPI=1 dotnet test Everruns.Tests --filter "FullyQualifiedName~OpenApiDocumentFileTests"
if [ ! -d ui/node_modules ]; then
  (cd ui && npm ci --no-audit --no-fund)
fi
npm --prefix ui run generate:api-types
