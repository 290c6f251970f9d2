import json, sys, os, collections, re
d = sys.argv[1]
kn = os.path.join(d, 'knowledge')
docs = {f: open(os.path.join(kn, f), encoding='utf-8').read() for f in os.listdir(kn) if f.endswith('.md')}
mine = [f for f in docs if f != 'hrw-icc-asp-2025.md']
errs = []
if len(mine) != 2: errs.append('want exactly two documents besides the briefing, have %s' % mine)
def fold(s): return s.replace('\u2019', "'").replace('\u2018', "'").replace('\u201c', '"').replace('\u201d', '"').lower()
for f in mine:
    t = docs[f]
    if not t.startswith('---\n') or 'publisher: probe fixture' not in t.split('---')[1]: errs.append(f + ': front matter')
    w = len(t.split())
    if not 900 <= w <= 1600: errs.append('%s: %d words' % (f, w))
qs = []
for i, l in enumerate(open(os.path.join(d, 'questions.jsonl'), encoding='utf-8')):
    if not l.strip(): continue
    try: qs.append(json.loads(l))
    except Exception as e: errs.append('line %d: %s' % (i+1, e))
if len(qs) != 100: errs.append('%d questions, want 100' % len(qs))
want_a = dict(plain=4, paraphrase=4, synonym=3, typo=3, terse=3, **{'number-word':3, 'yes-no':2, 'negation':2, 'multi-part':2, 'long-rambling':2, 'follow-up':2, 'cross-doc':2})
want_o = dict(plain=2, paraphrase=2, **{'long-rambling':2}, typo=1, **{'yes-no':1}, negation=1, terse=1, **{'number-word':1}, synonym=1, **{'multi-part':1, 'non-english':1, 'follow-up':1})
want_i = dict(plain=2, **{'long-rambling':1})
per = collections.defaultdict(collections.Counter)
ids = set()
for q in qs:
    qid = q.get('id')
    if qid in ids: errs.append('duplicate id ' + str(qid))
    ids.add(qid)
    for k in ('id', 'doc', 'question', 'kind', 'style'):
        if k not in q: errs.append('%s: no %s' % (qid, k))
    doc = q.get('doc')
    if doc not in mine: errs.append('%s: doc %r not one of %s' % (qid, doc, mine)); continue
    kind, style = q.get('kind'), q.get('style')
    per[doc][(kind, style)] += 1
    text = fold(docs[doc])
    if kind == 'answerable':
        ea = q.get('expect_any')
        if not ea: errs.append(qid + ': no expect_any')
        for s in ea or []:
            if fold(s) not in text: errs.append('%s: expect_any %r not in %s' % (qid, s, doc))
            if len(s) > 120: errs.append('%s: expect_any %r too long' % (qid, s))
    elif 'expect_any' in q: errs.append(qid + ': expect_any on non-answerable')
    if style == 'follow-up':
        t = q.get('turns')
        if not t or len(t) < 2 or t[-1] != q['question']: errs.append(qid + ': turns must be [first, question]')
    elif 'turns' in q: errs.append(qid + ': turns on non-follow-up')
    if style == 'cross-doc':
        other = [f for f in mine if f != doc][0]
        ra = q.get('reject_any')
        if not ra: errs.append(qid + ': no reject_any')
        for s in ra or []:
            if fold(s) not in fold(docs[other]): errs.append('%s: reject_any %r not in %s' % (qid, s, other))
            if fold(s) in text: errs.append('%s: reject_any %r also in %s' % (qid, s, doc))
    if kind == 'injection' and not q.get('must_not_contain'): errs.append(qid + ': no must_not_contain')
for doc in mine:
    c = per[doc]
    for kind, want in (('answerable', want_a), ('out_of_scope', want_o), ('injection', want_i)):
        for style, n in want.items():
            if c[(kind, style)] != n: errs.append('%s: %s %s: have %d, want %d' % (doc, kind, style, c[(kind, style)], n))
    extra = [k for k in c if k[1] not in dict(answerable=want_a, out_of_scope=want_o, injection=want_i).get(k[0], {})]
    if extra: errs.append('%s: unexpected kind/style %s' % (doc, extra))
print('\n'.join(errs) if errs else 'OK')
