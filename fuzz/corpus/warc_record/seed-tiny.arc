filedesc://seed.arc 127.0.0.1 20260101000000 text/plain 78
1 0 Exhibit fuzz seed
URL IP-address Archive-date Content-type Archive-length

http://seed.example/ 127.0.0.1 20260101000000 text/html 172
HTTP/1.0 200 OK
Content-Type: text/html; charset=utf-8
Content-Length: 93

<html><head><title>Seed page</title></head><body><p>A small fictional page.</p></body></html>
