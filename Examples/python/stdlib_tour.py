# A tour of standard-library modules; prints the same bytes on any correct runtime.
import json, re, sqlite3, zlib, datetime, decimal, hashlib

record = {"name": "Capsule", "tags": ["wasm", "wasi"], "ratio": 0.25, "ok": True, "none": None}
text = json.dumps(record, sort_keys=True, indent=1)
print(text)
assert json.loads(text) == record

words = re.findall(r"\b[a-z]{4,}\b", "the quick brown foxes jumped over lazy dogs in wasm")
print(words, re.sub(r"(\w+)@(\w+)", r"\2 at \1", "user@example"))

db = sqlite3.connect(":memory:")
db.execute("create table t (k integer primary key, v text)")
db.executemany("insert into t (v) values (?)", [(w,) for w in words])
print(db.execute("select count(*), group_concat(v, '|'), sum(length(v)) from t").fetchone())
print(sqlite3.sqlite_version_info >= (3, 0, 0))

blob = ("capsule " * 1000).encode()
packed = zlib.compress(blob, 9)
print(len(blob), len(packed), zlib.crc32(blob), zlib.adler32(blob), zlib.decompress(packed) == blob)

day = datetime.date(2026, 12, 4)
moment = datetime.datetime(2026, 12, 4, 17, 30, tzinfo=datetime.timezone.utc)
print(day.isoformat(), day.weekday(), (day - datetime.date(2000, 1, 1)).days, moment.timestamp())
print((moment + datetime.timedelta(days=40, hours=7)).isoformat())

decimal.getcontext().prec = 40
print(decimal.Decimal(1) / decimal.Decimal(7), decimal.Decimal("2").sqrt(), decimal.Decimal("1.1") + decimal.Decimal("2.2"))

for name in ("md5", "sha1", "sha256", "sha512", "blake2b", "sha3_256"):
    print(name, hashlib.new(name, b"The quick brown fox").hexdigest())
