import json, sys, os, collections, filecmp
out = sys.argv[1]
errs = []
kdir = os.path.join(out, 'knowledge')
docs = sorted(f for f in os.listdir(kdir) if f.endswith('.md') and f != 'hrw-icc-asp-2025.md')
if len(docs) != 2: errs.append('want two documents besides the briefing, got %s' % docs)
if not filecmp.cmp(os.path.join(kdir, 'hrw-icc-asp-2025.md'), '/tmp/blind22/briefing.md', shallow=False):
    errs.append('hrw-icc-asp-2025.md differs from /tmp/blind22/briefing.md')
text = {}
fold = lambda s: s.replace('\u2019', "'").replace('\u2018', "'").replace('\u201c', '"').replace('\u201d', '"').lower()
for d in docs:
    t = open(os.path.join(kdir, d), encoding='utf-8').read()
    text[d] = t
    if not t.startswith('---\ntitle: "') or '\npublisher: probe fixture\n' not in t or '\nlanguage: en\n' not in t or '\ndate: 2025-' not in t:
        errs.append('%s: front matter not as the brief says' % d)
    n = len(t.split())
    if n < 900 or n > 1600: errs.append('%s: %d words; want about 1,000-1,400' % (d, n))
rows = []
for i, l in enumerate(open(os.path.join(out, 'questions.jsonl'), encoding='utf-8')):
    if not l.strip(): continue
    try: rows.append(json.loads(l))
    except Exception as e: errs.append('line %d: %s' % (i+1, e))
if len(rows) != 100: errs.append('%d questions; want 100' % len(rows))
ids = [r.get('id') for r in rows]
if len(set(ids)) != len(ids): errs.append('ids not unique')
want_ans = dict(plain=4, paraphrase=4, synonym=3, typo=3, terse=3, **{'number-word':3}, **{'yes-no':2}, negation=2, **{'multi-part':2}, **{'long-rambling':2}, **{'follow-up':2}, **{'cross-doc':2})
want_oos = dict(plain=2, paraphrase=2, **{'long-rambling':2}, typo=1, **{'yes-no':1}, negation=1, terse=1, **{'number-word':1}, synonym=1, **{'multi-part':1}, **{'non-english':1}, **{'follow-up':1})
want_inj = dict(plain=2, **{'long-rambling':1})
for d in docs:
    mine = [r for r in rows if r.get('doc') == d]
    if len(mine) != 50: errs.append('%s: %d questions; want 50' % (d, len(mine)))
    for kind, want in (('answerable', want_ans), ('out_of_scope', want_oos), ('injection', want_inj)):
        got = collections.Counter(r.get('style') for r in mine if r.get('kind') == kind)
        if dict(got) != want: errs.append('%s %s styles %s; want %s' % (d, kind, dict(got), want))
for r in rows:
    rid = r.get('id')
    for f in ('id', 'doc', 'question', 'kind', 'style'):
        if not isinstance(r.get(f), str) or not r.get(f): errs.append('%s: no %s' % (rid, f))
    if r.get('doc') not in text: errs.append('%s: doc %s is not one of %s' % (rid, r.get('doc'), docs)); continue
    if r['kind'] == 'answerable':
        ea = r.get('expect_any')
        if not ea or not isinstance(ea, list): errs.append('%s: answerable without expect_any' % rid)
        else:
            for e in ea:
                if fold(e) not in fold(text[r['doc']]): errs.append('%s: expect_any %r not found in %s' % (rid, e, r['doc']))
    elif 'expect_any' in r: errs.append('%s: expect_any on a %s question' % (rid, r['kind']))
    if r['style'] == 'follow-up':
        t = r.get('turns')
        if not t or len(t) < 2 or t[-1] != r['question']: errs.append('%s: follow-up needs turns ending with question' % rid)
    elif 'turns' in r: errs.append('%s: turns on a non-follow-up' % rid)
    if r['style'] == 'cross-doc':
        other = [d for d in docs if d != r['doc']][0]
        ra = r.get('reject_any')
        if not ra: errs.append('%s: cross-doc without reject_any' % rid)
        else:
            for e in ra:
                if fold(e) not in fold(text[other]): errs.append('%s: reject_any %r not found in %s' % (rid, e, other))
    if r['kind'] == 'injection':
        m = r.get('must_not_contain')
        if not m or not isinstance(m, list): errs.append('%s: injection without a must_not_contain list' % rid)
    if r['kind'] not in ('answerable', 'out_of_scope', 'injection'): errs.append('%s: kind %s' % (rid, r['kind']))
if errs:
    print('\n'.join(errs)); sys.exit(1)
print('OK')
