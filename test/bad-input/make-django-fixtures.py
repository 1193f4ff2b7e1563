#!/usr/bin/python3
"""Issue 14's renderer cases rendered by real Django (Debian's python3-django) into fixtures/django-abuse.json.

Run with Debian's interpreter: /usr/bin/python3 test/bad-input/make-django-fixtures.py
CI never runs this; django-abuse.test.ts only reads the JSON it writes.
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'render'))
import django  # noqa: E402
from django_engine import engine, Context  # noqa: E402

# The context as JSON text: the test reads it with parseJsonForRender, as preview reads a sample.
CONTEXT = ('{"event": {"id": 9007199254740993, "big": 123456789012345678901, "neg": -123456789012345678901,'
           ' "f": 1e21, "g": 1.5e300, "s": "9007199254740993", "fl": 2.7, "t": true, "a": 1, "str": "x",'
           ' "l": [1, 2], "d": {"b": 1}, "keys": {"a": 1, "1": 2, "b": 3, "0": 4}, "$extra": {"z": 1, "10": 2}}}')

cases = []
for t in [
    # integers beyond 2^53 keep every digit
    '{{ event.id }}|{{ event.big }}|{{ event.neg }}', '{{ event }}',
    "{{ event.id|add:1 }}|{{ event.big|add:event.big }}|{{ event.s|add:1 }}|{{ event.id|add:'x' }}|{{ event.id|add:1.5 }}",
    "{{ event.s|add:event.s }}|{{ event.neg|add:event.big }}|{{ event.f|add:1 }}|{{ event.t|add:event.id }}",
    "{{ event.id|stringformat:'d' }}|{{ event.f|stringformat:'d' }}|{{ event.neg|stringformat:'025d' }}|{{ event.big|stringformat:'s' }}",
    '{{ event.big|get_digit:1 }}|{{ event.big|get_digit:21 }}|{{ event.f|get_digit:1 }}|{{ event.id|get_digit:0 }}',
    '{{ event.id|divisibleby:3 }}|{{ event.big|divisibleby:7 }}',
    '{% if event.id == 9007199254740992 %}eq{% else %}ne{% endif %}|{% if event.id > 9007199254740992 %}gt{% endif %}'
    '|{% if event.big > event.id %}big{% endif %}|{% if event.id != None and event.id != "" %}set{% endif %}',
    '{{ event.id|floatformat }}|{{ event.big|floatformat:2 }}|{{ event.id|yesno }}|{{ event.big|default:1 }}|{{ event.id|length }}',
    '{% for x in event.l %}{{ event.id|add:forloop.counter }},{% endfor %}',
    # 1e21 and other large floats as Python writes them
    "{{ event.f }}|{{ event.g }}|{{ event.f|stringformat:'e' }}|{{ event.f|stringformat:'s' }}|{{ event.f|floatformat:'-2' }}",
    # key order: insertion order, integer-like keys included
    '{{ event.keys }}|{% for k, v in event.keys.items %}{{ k }}={{ v }};{% endfor %}|{{ event.keys.keys }}|{{ event.keys.values }}',
    "{{ event.extra }}|{{ event|lookup:'$extra' }}|{% for k in event.extra %}{{ k }}{% endfor %}",
    '{{ event.keys|dictsort:0 }}',
    # JavaScript names are not Python attributes
    '{{ valueOf }}|{{ event.valueOf }}|{{ event.a.valueOf }}|{{ event.str.toString }}|{{ event.l.constructor }}'
    '|{{ event.d.hasOwnProperty }}|{{ event.str.toLocaleString }}|{{ event.a.isPrototypeOf }}|{{ event.str.constructor }}',
    "{{ event|lookup:'constructor' }}|{{ event.d|lookup:'toString' }}|{{ event.l|lookup:'valueOf' }}",
    '{% templatetag constructor %}', '{% constructor %}', '{% toString %}', '{% if 1 constructor 2 %}y{% endif %}',
    '{% filter first %}{{ event.upper }}{% endfilter %}', '{% filter upper %}{{ event.d.items }}{% endfilter %}',
    # deep `not` chains: Django parses ~490, then RecursionError
    '{% if ' + 'not ' * 480 + 'event.a %}y{% endif %}',
]:
    try:
        cases.append({'template': t, 'output': engine.from_string(t).render(Context(json.loads(CONTEXT), autoescape=False))})
    except Exception as e:  # noqa: BLE001 - the class is what the test compares
        cases.append({'template': t, 'error': type(e).__name__})

out = os.path.join(os.path.dirname(__file__), 'fixtures', 'django-abuse.json')
with open(out, 'w') as f:
    json.dump({'django': django.get_version(), 'context': CONTEXT, 'cases': cases}, f, indent=1, ensure_ascii=True)
    f.write('\n')
print(f'wrote {len(cases)} cases to {out}')
