#!/usr/bin/python3
"""Filter: reads [{"template": ..., "context": "<json>"}] on stdin, renders each with real Django (see
../render/django_engine.py) and writes [{"output": ...} | {"error": "<Python exception class>"}] on stdout.
Used by make-django-fixtures.mjs while developing; CI never runs Python.
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'render'))
from django_engine import Context, engine  # noqa: E402

results = []
for case in json.load(sys.stdin):
    try:
        results.append({"output": engine.from_string(case["template"]).render(Context(json.loads(case["context"])))})
    except Exception as exc:  # the fixture records which exception Django raised
        results.append({"error": type(exc).__name__})
json.dump(results, sys.stdout, ensure_ascii=False)
