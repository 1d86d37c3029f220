"""Application services: plain data in, plain data out; no Qt."""
