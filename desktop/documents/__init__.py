"""Printed documents (PDF) and workbooks (xlsx), rendered from plain dataclasses; no Qt, no Session."""
