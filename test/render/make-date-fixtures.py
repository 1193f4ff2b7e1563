#!/usr/bin/python3
"""Django's `date` and `time` filters, and a datetime printed by {{ }}, for datetimes with and without a fixed UTC
offset: writes fixtures/django-dates.json for dates.test.ts (the renderer's datetime value must print the same).

Run with Debian's interpreter (python3-django): /usr/bin/python3 test/render/make-date-fixtures.py
CI never runs this; it only reads the JSON it writes.
"""
import datetime
import json
import os

from django_engine import engine, Context  # noqa: E402  (Django set up as Klaviyo's: autoescape off)

# (year, month, day, hour, minute, second, microsecond, offset minutes or None)
DATES = [
    (2016, 2, 11, 16, 46, 8, 0, -300),
    (2016, 2, 26, 16, 46, 8, 0, -300),
    (2021, 3, 18, 0, 0, 0, 0, None),
    (2021, 1, 1, 12, 0, 0, 0, 0),
    (2020, 12, 31, 23, 59, 59, 123456, 330),
    (2027, 1, 3, 9, 5, 0, 0, 60),
    (2024, 2, 29, 12, 30, 0, 0, None),
    (1999, 11, 22, 1, 2, 3, 0, -570),
]
FORMATS = ['F d, o', 'd F o', 'm-d-Y', 'd-m-Y', 'n/j/y', 'j/n/y', 'M d', 'd M', 'm-d-Y g:i:s', 'm-d-Y g:i a',
           'm-d-Y g:i A', 'm/d/Y', 'a A b c d D E f F g G h H i j l L m M n N o P s S t u w W y Y z',
           r'\Y\e\s: Y \\ jS', 'jS F', 'D, j M Y', 'H:i', 'P', 'f a', 'SHORT_DATE_FORMAT', 'DATETIME_FORMAT', '',
           'e O T Z I U r']
TIME_FORMATS = ['H:i', 'g:i A', 'P', 'Y-m-d', 'H:i:s.u', '']


def dt(y, mo, d, h, mi, s, us, off):
    tz = None if off is None else datetime.timezone(datetime.timedelta(minutes=off))
    return datetime.datetime(y, mo, d, h, mi, s, us, tzinfo=tz)


cases = []
for fields in DATES:
    value = dt(*fields)
    for fmt in FORMATS:
        if fields[7] is None and fmt == 'e O T Z I U r':
            continue  # naive: Django uses its TIME_ZONE setting (the renderer takes UTC and warns)
        tpl = '{{ d|date }}' if fmt == '' else '{{ d|date:f }}'
        cases.append({'date': list(fields), 'filter': 'date', 'format': fmt,
                      'output': engine.from_string(tpl).render(Context({'d': value, 'f': fmt}))})
    for fmt in TIME_FORMATS:
        tpl = '{{ d|time }}' if fmt == '' else '{{ d|time:f }}'
        cases.append({'date': list(fields), 'filter': 'time', 'format': fmt,
                      'output': engine.from_string(tpl).render(Context({'d': value, 'f': fmt}))})
    cases.append({'date': list(fields), 'filter': None, 'format': None,
                  'output': engine.from_string('{{ d }}').render(Context({'d': value}))})
    cases.append({'date': list(fields), 'filter': 'str', 'format': None,
                  'output': engine.from_string('{{ d|stringformat:"s" }}').render(Context({'d': value}))})
for value in ['2016-02-11', 5, None, '']:
    cases.append({'value': value, 'filter': 'date', 'format': 'Y',
                  'output': engine.from_string('{{ v|date:"Y" }}').render(Context({'v': value}))})

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fixtures', 'django-dates.json')
with open(out, 'w') as fh:
    # One case per line: a reviewable diff when a case is added.
    lines = ',\n'.join('  ' + json.dumps(c, ensure_ascii=True) for c in cases)
    fh.write('{"django": %s, "cases": [\n%s\n]}\n' % (json.dumps(__import__('django').get_version()), lines))
print(f'{len(cases)} cases -> {out}')
