import re, json, glob
t=open('/work/main/static/demo/allegations.txt',encoding='utf-8').read()
r=t.replace('hxxps','https').replace('hxxp','http').replace('[.]','.').replace('(.)','.').replace('[dot]','.')
pat=re.compile(r'(?<![@#\w])((?:https?://)?(?:[\w-]+\.)+(?:example|test|org|com)(?:/[\w/.-]*)?)', re.U)
found=[]
for line in r.splitlines():
    for m in pat.finditer(line):
        found.append(m.group(1))
def norm(u):
    u=re.sub(r'^https?://','',u); host,_,path=u.partition('/')
    host=host.lower()
    if host.startswith('www.'): host=host[4:]
    host=host.encode('idna').decode()
    return host,'/'+path.rstrip('/')
caps={}
for m in glob.glob('/work/main/static/demo/captures/*/manifest.json'):
    j=json.load(open(m)); caps.setdefault(norm(j['url']),[]).append(m.split('/')[-2])
capsites={h for h,p in caps}
print(len(found),'allegations'); d=set(map(norm,found)); print(len(d),'distinct')
for f in found:
    n=norm(f); print(f'{f:60}', 'EXACT' if n in caps else ('SITE' if n[0] in capsites else 'NONE'))
print(set(capsites)-{n[0] for n in d})
