#!/usr/bin/env python3
"""Generates the cipher tables of the spec package from facts only (names, ids, algorithms,
strength, minimum version and OpenSSL's intrinsic order):

  openssl-cipher-suites.tsv   (main resource) every TLS 1.2-and-earlier suite OpenSSL ever named
  openssl-cipher-names.tsv    (test resource) every keyword and suite name, with the versions
                              and tables it comes from

Run from the repository root (needs the openssl CLI and the libssl-dev headers of OpenSSL 3.0;
libnss3-dev's sslproto.h gives IANA names OpenSSL's headers lack):
  python3 autoconfigure/src/test/resources/io/github/sslstarter/spec/generate-cipher-table.py

Sources:
  3.x    the local OpenSSL 3.0 CLI (openssl ciphers -V -v -stdname, default and legacy providers),
         its headers /usr/include/openssl/{ssl,ssl3,tls1}.h (SSL_TXT_*, SSL3_/TLS1_TXT_*, _CK_*,
         _RFC_*), and the cipher_aliases table of ssl/ssl_ciph.c in OpenSSL 3.x
  1.1.1  the cipher_aliases table of ssl/ssl_ciph.c in OpenSSL 1.1.1
  1.0.2  the cipher_aliases table of ssl/ssl_ciph.c and the SSL_TXT_* of ssl/ssl.h in OpenSSL 1.0.2,
         the SSL2_TXT_* names of ssl/ssl2.h (SSLv2 suites), the KRB5 suites of ssl/s3_lib.c
  0.9.8  the cipher_aliases table of ssl/ssl_ciph.c (Fortezza, ECCdraft) and the EXP1024 suites of
         ssl/tls1.h
The lists from versions other than the local one are recorded below as data, read from those
files of the OpenSSL source tree.
"""
import heapq, os, re, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, *[".."] * 8))
MAIN = os.path.join(ROOT, "autoconfigure/src/main/resources/io/github/sslstarter/spec/openssl-cipher-suites.tsv")
NAMES = os.path.join(HERE, "openssl-cipher-names.tsv")
INCLUDE = "/usr/include/openssl"

# cipher_aliases of ssl/ssl_ciph.c, in table order (names after SSL_TXT_* expansion).
ALIASES = {
    "3.x": """ALL COMPLEMENTOFALL COMPLEMENTOFDEFAULT kRSA kEDH kDHE DH kEECDH kECDHE ECDH kPSK kRSAPSK
        kECDHEPSK kDHEPSK kSRP kGOST kGOST18 aRSA aDSS DSS aNULL aECDSA ECDSA aPSK aGOST01 aGOST12 aGOST
        aSRP EDH DHE EECDH ECDHE NULL RSA ADH AECDH PSK SRP 3DES RC4 RC2 IDEA SEED eNULL GOST89 AES128
        AES256 AES AESGCM AESCCM AESCCM8 CAMELLIA128 CAMELLIA256 CAMELLIA CHACHA20
        GOST2012-GOST8912-GOST8912 ARIA ARIAGCM ARIA128 ARIA256 CBC MD5 SHA1 SHA GOST94 GOST89MAC SHA256
        SHA384 GOST12 SSLv3 TLSv1 TLSv1.0 TLSv1.2 LOW MEDIUM HIGH FIPS EDH-DSS-DES-CBC3-SHA
        EDH-RSA-DES-CBC3-SHA""",
    "1.1.1": """ALL COMPLEMENTOFALL COMPLEMENTOFDEFAULT kRSA kEDH kDHE DH kEECDH kECDHE ECDH kPSK kRSAPSK
        kECDHEPSK kDHEPSK kSRP kGOST aRSA aDSS DSS aNULL aECDSA ECDSA aPSK aGOST01 aGOST12 aGOST aSRP EDH
        DHE EECDH ECDHE NULL RSA ADH AECDH PSK SRP 3DES RC4 RC2 IDEA SEED eNULL GOST89 AES128 AES256 AES
        AESGCM AESCCM AESCCM8 CAMELLIA128 CAMELLIA256 CAMELLIA CHACHA20 ARIA ARIAGCM ARIA128 ARIA256 MD5
        SHA1 SHA GOST94 GOST89MAC SHA256 SHA384 GOST12 SSLv3 TLSv1 TLSv1.0 TLSv1.2 LOW MEDIUM HIGH FIPS
        EDH-DSS-DES-CBC3-SHA EDH-RSA-DES-CBC3-SHA""",
    "1.0.2": """ALL COMPLEMENTOFALL COMPLEMENTOFDEFAULT kRSA kDHr kDHd kDH kEDH kDHE DH kKRB5 kECDHr kECDHe
        kECDH kEECDH kECDHE ECDH kPSK kSRP kGOST aRSA aDSS DSS aKRB5 aNULL aDH aECDH aECDSA ECDSA aPSK
        aGOST94 aGOST01 aGOST aSRP EDH DHE EECDH ECDHE NULL KRB5 RSA ADH AECDH PSK SRP DES 3DES RC4 RC2
        IDEA SEED eNULL AES128 AES256 AES AESGCM CAMELLIA128 CAMELLIA256 CAMELLIA MD5 SHA1 SHA GOST94
        GOST89MAC SHA256 SHA384 SSLv2 SSLv3 TLSv1 TLSv1.2 EXP EXPORT EXPORT40 EXPORT56 LOW MEDIUM HIGH FIPS
        EXP-DHE-DSS-DES-CBC-SHA DHE-DSS-DES-CBC-SHA DHE-DSS-DES-CBC3-SHA EXP-DHE-RSA-DES-CBC-SHA
        DHE-RSA-DES-CBC-SHA DHE-RSA-DES-CBC3-SHA""",
    "0.9.8": """ALL COMPLEMENTOFALL COMPLEMENTOFDEFAULT kKRB5 kRSA kDHr kDHd kEDH kFZA DH ECCdraft EDH aKRB5
        aRSA aDSS aFZA aNULL aDH DSS DES 3DES RC4 RC2 IDEA SEED eNULL eFZA AES CAMELLIA MD5 SHA1 SHA NULL
        KRB5 RSA ADH FZA SSLv2 SSLv3 TLSv1 EXP EXPORT EXPORT40 EXPORT56 LOW MEDIUM HIGH FIPS""",
}
# Special commands of the parser (ssl_cipher_process_rulestr, check_suiteb_cipher_list).
SPECIALS = {"3.x": "@STRENGTH @SECLEVEL= DEFAULT SUITEB128 SUITEB128ONLY SUITEB128C2 SUITEB192",
            "1.1.1": "@STRENGTH @SECLEVEL= DEFAULT SUITEB128 SUITEB128ONLY SUITEB128C2 SUITEB192",
            "1.0.2": "@STRENGTH DEFAULT SUITEB128 SUITEB128ONLY SUITEB128C2 SUITEB192",
            "0.9.8": "@STRENGTH DEFAULT"}
# SSL_TXT_* of 1.0.2's ssl/ssl.h ("These are used to specify which ciphers to use and not to use").
TXT_102 = """EXPORT40 EXPORT56 LOW MEDIUM HIGH FIPS kFZA aFZA eFZA FZA aNULL eNULL NULL kRSA kDHr kDHd kDH
    kEDH kDHE kKRB5 kECDHr kECDHe kECDH kEECDH kECDHE kPSK kGOST kSRP aRSA aDSS aDH aECDH aKRB5 aECDSA
    aPSK aGOST94 aGOST01 aGOST aSRP DSS DH EDH DHE ADH RSA ECDH EECDH ECDHE AECDH ECDSA KRB5 PSK SRP DES
    3DES RC4 RC2 IDEA SEED AES128 AES256 AES AESGCM CAMELLIA128 CAMELLIA256 CAMELLIA MD5 SHA1 SHA GOST94
    GOST89MAC SHA256 SHA384 SSLv2 SSLv3 TLSv1 TLSv1.1 TLSv1.2 EXP EXPORT ALL COMPLEMENTOFALL
    COMPLEMENTOFDEFAULT"""
# Suites OpenSSL named that its 3.0 headers no longer define, with their ids: SSLv2 (ssl2.h of
# 1.0.2, ids 0x02xxxxxx), Fortezza (ssl3.h of 0.9.8), KRB5 (ssl3.h/s3_lib.c of 1.0.2), EXP1024
# (tls1.h of 0.9.8), GOST (s3_lib.c of 1.0.2, 1.1.1 and 3.x).
EXTRA_SUITES = [
    # name, id, versions, iana (or -)
    ("DES-CFB-M1", "0x02FF08", "0.9.8", "-"), ("RC2-CBC-MD5", "0x020080", "1.0.2", "-"),
    ("IDEA-CBC-MD5", "0x050080", "1.0.2", "-"), ("DES-CBC-MD5", "0x060040", "1.0.2", "-"),
    ("DES-CBC3-MD5", "0x0700C0", "1.0.2", "-"), ("RC4-64-MD5", "0x080080", "1.0.2", "-"),
    ("FZA-NULL-SHA", "0x001C", "0.9.8", "SSL_FORTEZZA_DMS_WITH_NULL_SHA"),
    ("FZA-FZA-CBC-SHA", "0x001D", "0.9.8", "SSL_FORTEZZA_DMS_WITH_FORTEZZA_CBC_SHA"),
    ("FZA-RC4-SHA", "0x001E", "0.9.8", "SSL_FORTEZZA_DMS_WITH_RC4_128_SHA"),
    ("KRB5-DES-CBC-SHA", "0x001E", "1.0.2", "TLS_KRB5_WITH_DES_CBC_SHA"),
    ("KRB5-DES-CBC3-SHA", "0x001F", "1.0.2", "TLS_KRB5_WITH_3DES_EDE_CBC_SHA"),
    ("KRB5-RC4-SHA", "0x0020", "1.0.2", "TLS_KRB5_WITH_RC4_128_SHA"),
    ("KRB5-IDEA-CBC-SHA", "0x0021", "1.0.2", "TLS_KRB5_WITH_IDEA_CBC_SHA"),
    ("KRB5-DES-CBC-MD5", "0x0022", "1.0.2", "TLS_KRB5_WITH_DES_CBC_MD5"),
    ("KRB5-DES-CBC3-MD5", "0x0023", "1.0.2", "TLS_KRB5_WITH_3DES_EDE_CBC_MD5"),
    ("KRB5-RC4-MD5", "0x0024", "1.0.2", "TLS_KRB5_WITH_RC4_128_MD5"),
    ("KRB5-IDEA-CBC-MD5", "0x0025", "1.0.2", "TLS_KRB5_WITH_IDEA_CBC_MD5"),
    ("EXP-KRB5-DES-CBC-SHA", "0x0026", "1.0.2", "TLS_KRB5_EXPORT_WITH_DES_CBC_40_SHA"),
    ("EXP-KRB5-RC2-CBC-SHA", "0x0027", "1.0.2", "TLS_KRB5_EXPORT_WITH_RC2_CBC_40_SHA"),
    ("EXP-KRB5-RC4-SHA", "0x0028", "1.0.2", "TLS_KRB5_EXPORT_WITH_RC4_40_SHA"),
    ("EXP-KRB5-DES-CBC-MD5", "0x0029", "1.0.2", "TLS_KRB5_EXPORT_WITH_DES_CBC_40_MD5"),
    ("EXP-KRB5-RC2-CBC-MD5", "0x002A", "1.0.2", "TLS_KRB5_EXPORT_WITH_RC2_CBC_40_MD5"),
    ("EXP-KRB5-RC4-MD5", "0x002B", "1.0.2", "TLS_KRB5_EXPORT_WITH_RC4_40_MD5"),
    ("EXP1024-RC4-MD5", "0x0060", "0.9.8", "TLS_RSA_EXPORT1024_WITH_RC4_56_MD5"),
    ("EXP1024-RC2-CBC-MD5", "0x0061", "0.9.8", "TLS_RSA_EXPORT1024_WITH_RC2_CBC_56_MD5"),
    ("EXP1024-DES-CBC-SHA", "0x0062", "0.9.8", "TLS_RSA_EXPORT1024_WITH_DES_CBC_SHA"),
    ("EXP1024-DHE-DSS-DES-CBC-SHA", "0x0063", "0.9.8", "TLS_DHE_DSS_EXPORT1024_WITH_DES_CBC_SHA"),
    ("EXP1024-RC4-SHA", "0x0064", "0.9.8", "TLS_RSA_EXPORT1024_WITH_RC4_56_SHA"),
    ("EXP1024-DHE-DSS-RC4-SHA", "0x0065", "0.9.8", "TLS_DHE_DSS_EXPORT1024_WITH_RC4_56_SHA"),
    ("GOST94-GOST89-GOST89", "0x0080", "1.0.2", "TLS_GOSTR341094_WITH_28147_CNT_IMIT"),
    ("GOST2001-GOST89-GOST89", "0x0081", "1.0.2,1.1.1,3.x", "TLS_GOSTR341001_WITH_28147_CNT_IMIT"),
    ("GOST94-NULL-GOST94", "0x0082", "1.0.2", "TLS_GOSTR341094_WITH_NULL_GOSTR3411"),
    ("GOST2001-NULL-GOST94", "0x0083", "1.0.2,1.1.1,3.x", "TLS_GOSTR341001_WITH_NULL_GOSTR3411"),
    ("GOST2012-GOST8912-GOST8912", "0xFF85", "1.1.1,3.x", "TLS_GOSTR341112_256_WITH_28147_CNT_IMIT"),
    ("GOST2012-NULL-GOST12", "0xFF87", "1.1.1,3.x", "TLS_GOSTR341112_256_WITH_NULL_GOSTR3411"),
    ("GOST2012-KUZNYECHIK-KUZNYECHIKOMAC", "0xC100", "3.x", "TLS_GOSTR341112_256_WITH_KUZNYECHIK_CTR_OMAC"),
    ("GOST2012-MAGMA-MAGMAOMAC", "0xC101", "3.x", "TLS_GOSTR341112_256_WITH_MAGMA_CTR_OMAC"),
]
# Ids the 3.0 headers lost for names they still define (TLS1_CK_* of 0.9.8's tls1.h).
MISSING_IDS = {"TLS1_DHE_DSS_WITH_RC4_128_SHA": "0x0066"}
# Names an alias table gives to a suite that has another name (EDH-* for DHE-*).
SUITE_ALIASES = {"EDH-DSS-DES-CBC-SHA": "DHE-DSS-DES-CBC-SHA", "EDH-DSS-DES-CBC3-SHA": "DHE-DSS-DES-CBC3-SHA",
                 "EDH-RSA-DES-CBC-SHA": "DHE-RSA-DES-CBC-SHA", "EDH-RSA-DES-CBC3-SHA": "DHE-RSA-DES-CBC3-SHA",
                 "EXP-EDH-DSS-DES-CBC-SHA": "EXP-DHE-DSS-DES-CBC-SHA",
                 "EXP-EDH-RSA-DES-CBC-SHA": "EXP-DHE-RSA-DES-CBC-SHA"}


def run(*args):
    return subprocess.run(list(args), capture_output=True, text=True)


def ciphers(spec, verbose=False):
    args = ["openssl", "ciphers", "-provider", "legacy", "-provider", "default", "-stdname"]
    args += (["-V", "-v"] if verbose else []) + [spec + ":@SECLEVEL=0"]
    out = run(*args)
    if out.returncode != 0:
        return []
    if verbose:
        return out.stdout.splitlines()
    return [l.split(" - ")[0].strip() for l in out.stdout.splitlines()]


def header_defines():
    txt, rfc, ck, sstxt = {}, {}, {}, []
    for f in ["ssl3.h", "tls1.h"]:
        for line in open(os.path.join(INCLUDE, f)):
            m = re.match(r'#\s*define\s+(SSL3|TLS1)_(TXT|RFC|CK)_(\w+)\s+(\S+)', line)
            if m:
                p, k, n, v = m.groups()
                {"TXT": txt, "RFC": rfc, "CK": ck}[k][p + "_" + n] = v.strip('"')
    for k, v in list(ck.items()):
        while v in ck:  # SSL3_CK_DHE_* are defined as SSL3_CK_EDH_*
            v = ck[v]
        ck[k] = v
    for line in open(os.path.join(INCLUDE, "ssl.h")):
        m = re.match(r'#\s*define\s+SSL_TXT_\w+\s+"([^"]+)"', line)
        if m:
            sstxt.append(m.group(1))
    return txt, rfc, ck, sstxt


def nss_names():
    names = {}
    try:
        for line in open("/usr/include/nss/sslproto.h"):
            m = re.match(r'#define\s+((?:SSL|TLS)_\w+)\s+0x([0-9a-fA-F]{4})\b', line)
            if m and "_WITH_" in m.group(1):
                names.setdefault(int(m.group(2), 16), m.group(1))
    except OSError:
        sys.exit("libnss3-dev's sslproto.h is needed for IANA names of old suites")
    return names


# --- attributes from OpenSSL's naming scheme, checked against every suite the local OpenSSL lists ---
KX = [("ECDHE-ECDSA-", "ECDH", "ECDSA"), ("ECDHE-RSA-", "ECDH", "RSA"), ("ECDHE-PSK-", "ECDHEPSK", "PSK"),
      ("ECDHE-", "ECDH", "RSA"), ("ECDH-ECDSA-", "ECDHe", "ECDH"), ("ECDH-RSA-", "ECDHr", "ECDH"),
      ("ECDH-", "ECDHr", "ECDH"), ("AECDH-", "ECDH", "None"), ("DHE-RSA-", "DH", "RSA"), ("EDH-RSA-", "DH", "RSA"),
      ("DHE-DSS-", "DH", "DSS"), ("EDH-DSS-", "DH", "DSS"), ("DHE-PSK-", "DHEPSK", "PSK"), ("ADH-", "DH", "None"),
      ("DH-RSA-", "DHr", "DH"), ("DH-DSS-", "DHd", "DH"), ("RSA-PSK-", "RSAPSK", "RSA"), ("PSK-", "PSK", "PSK"),
      ("SRP-RSA-", "SRP", "RSA"), ("SRP-DSS-", "SRP", "DSS"), ("SRP-", "SRP", "SRP"), ("KRB5-", "KRB5", "KRB5"),
      ("FZA-", "FZA", "FZA"), ("GOST94-", "GOST", "GOST94"), ("GOST2001-", "GOST", "GOST01"),
      ("GOST2012-", "GOST", "GOST12")]
ENC = [("AES128-GCM", "AESGCM", 128), ("AES256-GCM", "AESGCM", 256), ("AES128-CCM8", "AESCCM8", 128),
       ("AES256-CCM8", "AESCCM8", 256), ("AES128-CCM", "AESCCM", 128), ("AES256-CCM", "AESCCM", 256),
       ("AES-128-CBC", "AES", 128), ("AES-256-CBC", "AES", 256), ("AES128", "AES", 128), ("AES256", "AES", 256),
       ("CAMELLIA128", "Camellia", 128), ("CAMELLIA256", "Camellia", 256), ("ARIA128-GCM", "ARIAGCM", 128),
       ("ARIA256-GCM", "ARIAGCM", 256), ("CHACHA20-POLY1305", "CHACHA20/POLY1305", 256),
       ("DES-CBC3", "3DES", 112), ("3DES-EDE-CBC", "3DES", 112), ("DES-CBC", "DES", 56), ("DES-CFB", "DES", 56),
       ("RC4-64", "RC4", 64), ("RC4", "RC4", 128), ("RC2-CBC", "RC2", 128), ("IDEA-CBC", "IDEA", 128),
       ("SEED", "SEED", 128), ("NULL", "None", 0), ("GOST89", "GOST89", 256), ("GOST8912", "GOST89", 256),
       ("KUZNYECHIK", "KUZNYECHIK", 256), ("MAGMA", "MAGMA", 256), ("FZA-CBC", "FZA", 0)]
SSL2_ONLY = {"DES-CFB-M1", "RC2-CBC-MD5", "IDEA-CBC-MD5", "DES-CBC-MD5", "DES-CBC3-MD5", "RC4-64-MD5"}


def parse(name):
    rest, export = name, None
    for p, e in (("EXP1024-", 56), ("EXP-", 40)):
        if rest.startswith(p):
            rest, export = rest[len(p):], e
    kx, au = "RSA", "RSA"
    for p, k, a in KX:
        if rest.startswith(p):
            rest, kx, au = rest[len(p):], k, a
            break
    if kx == "GOST" and ("KUZNYECHIK" in rest or "MAGMA" in rest):
        kx = "GOST18"
    for p, e, b in ENC:
        if rest.startswith(p):
            enc, bits, rest = e, b, rest[len(p):]
            break
    else:
        raise SystemExit("cannot parse " + name)
    if export:
        bits = min(bits, export)
    tail = rest.split("-")[-1]
    if enc in ("AESGCM", "AESCCM", "AESCCM8", "ARIAGCM", "CHACHA20/POLY1305"):
        mac = "AEAD"
    else:
        mac = {"MD5": "MD5", "SHA": "SHA1", "SHA256": "SHA256", "SHA384": "SHA384", "GOST89": "GOST89",
               "GOST94": "GOST94", "GOST12": "GOST2012", "GOST8912": "GOST89", "KUZNYECHIKOMAC": "KUZNYECHIKOMAC",
               "MAGMAOMAC": "MAGMAOMAC", "M1": "MD5"}[tail]
    return dict(kx=kx, au=au, enc=enc, bits=bits, mac=mac, export=export)


def main():
    txt, rfc, ck, sstxt = header_defines()
    nss = nss_names()
    rows, local = {}, []
    for line in ciphers("ALL:COMPLEMENTOFALL", True):
        m = re.match(r"\s*0x(..),0x(..) - (\S+)\s+- (\S+)\s+(\S+)\s+Kx=(\S+)\s+Au=(\S+)\s+Enc=([^\s(]+)(?:\((\d+)\))?\s+Mac=(\S+)", line)
        if not m:
            raise SystemExit("cannot parse: " + line)
        hi, lo, iana, name, version, kx, au, enc, bits, mac = m.groups()
        if version == "TLSv1.3":
            continue
        parsed = parse(name)
        if (parsed["kx"], parsed["au"], parsed["enc"], parsed["bits"], parsed["mac"]) != (kx, au, enc, int(bits or 0), mac):
            raise SystemExit("naming scheme disagrees with OpenSSL for %s: %s vs %s" % (name, parsed, (kx, au, enc, bits, mac)))
        rows[name] = dict(id="0x" + hi + lo, name=name, iana=iana, version=version, kx=kx, au=au, enc=enc,
                          bits=int(bits or 0), mac=mac, scope="3", local=True)
        local.append(name)
    members = {k: set(ciphers(k)) for k in ["HIGH", "MEDIUM", "LOW", "COMPLEMENTOFDEFAULT"]}
    for r in rows.values():
        r["level"] = next((k for k in ["HIGH", "MEDIUM", "LOW"] if r["iana"] in members[k]), "-")
        r["default"] = "N" if r["iana"] in members["COMPLEMENTOFDEFAULT"] else "Y"
    # Minimum versions the local table shows per key exchange and MAC, for the suites it lacks.
    versions = {}
    for r in rows.values():
        versions.setdefault((r["kx"], r["mac"]), set()).add(r["version"])

    def add(name, cid, iana, scope):
        if name in rows or name in SUITE_ALIASES:
            return
        p = parse(name)
        if name in SSL2_ONLY:
            version = "SSLv2"
        elif p["mac"] in ("SHA256", "SHA384", "AEAD"):
            version = "TLSv1.2"
        elif p["export"] == 56 or p["kx"] == "GOST":
            version = "TLSv1"
        elif p["kx"] == "GOST18":
            version = "TLSv1.2"
        else:
            seen = versions.get((p["kx"], p["mac"]), set())
            version = "TLSv1" if seen == {"TLSv1"} else "SSLv3"
        if p["export"]:
            level = "EXP%d" % p["export"]
        elif p["enc"] == "None" or p["enc"] == "FZA":
            level = "-"
        elif p["enc"] == "DES":
            level = "LOW"
        elif p["enc"] == "3DES":
            level = "MEDIUM" if scope == "3" else "HIGH"
        elif p["enc"] in ("RC4", "RC2", "IDEA", "SEED"):
            level = "MEDIUM"
        else:
            level = "HIGH"
        rows[name] = dict(id=cid, name=name, iana=iana, version=version, level=level, default="N", scope=scope,
                          local=False, **{k: p[k] for k in ("kx", "au", "enc", "bits", "mac")})

    # The 3.x table has an RFC name for every suite (TLS1_RFC_*, SSL3_RFC_*); some of those the
    # local build leaves out (weak ciphers, IDEA, GOST without its engine).
    for key, std in rfc.items():
        name = txt[key]
        p = parse(name)
        fixed = p["kx"] in ("DHr", "DHd", "ECDHr", "ECDHe") or (p["au"] == "None" and p["enc"] == "ARIAGCM")
        add(name, "0x" + ck[key][-4:], std, "legacy" if fixed else "3")
    for name, cid, since, std in EXTRA_SUITES:
        add(name, cid, std, "3" if "3.x" in since else "legacy")
    for key, name in txt.items():
        if key in rfc or name in rows or name in SUITE_ALIASES:
            continue
        cid = int(ck.get(key, MISSING_IDS.get(key, "?"))[-4:], 16)
        add(name, "0x%04X" % cid, nss.get(cid, "-"), "legacy")

    order = intrinsic_order(rows, local)
    version = run("openssl", "version").stdout.strip()
    with open(MAIN, "w") as out:
        out.write("# Generated by generate-cipher-table.py (in the tests) from " + version + " and OpenSSL's tables.\n")
        out.write("# TLS 1.2-and-earlier suites in OpenSSL 3's intrinsic order. scope 3: in OpenSSL 3.x's table (local: listed by\n")
        out.write("# the local openssl); legacy: dropped before 3.0. bits: strength bits; level: HIGH/MEDIUM/LOW/EXP40/EXP56;\n")
        out.write("# default N: in COMPLEMENTOFDEFAULT; aliases: other OpenSSL names of the suite.\n")
        out.write("#id\topenssl\tiana\tminVersion\tkx\tau\tenc\tbits\tmac\tlevel\tdefault\tscope\tlocal\taliases\n")
        back = {}
        for a, n in SUITE_ALIASES.items():
            back.setdefault(n, []).append(a)
        for n in order:
            r = rows[n]
            out.write("\t".join([r["id"], n, r["iana"], r["version"], r["kx"], r["au"], r["enc"], str(r["bits"]), r["mac"],
                                 r["level"], r["default"], r["scope"], "Y" if r["local"] else "N",
                                 ",".join(back.get(n, [])) or "-"]) + "\n")
    write_names(rows, sstxt)


def intrinsic_order(rows, local):
    """OpenSSL 3.x's ssl_create_cipher_list ordering, applied to every suite; the local suites
    start in the local order and must come out unchanged."""
    start = local + sorted((n for n in rows if n not in local), key=lambda n: (rows[n]["scope"] != "3", int(rows[n]["id"], 16)))
    lst = [[n, False] for n in start]

    def apply(test, rule, strength=None):
        nonlocal lst
        sel = lambda e: test(rows[e[0]]) and (strength is None or rows[e[0]]["bits"] == strength)
        if rule == "ADD":
            moved = [e for e in lst if sel(e) and not e[1]]
            lst = [e for e in lst if e not in moved] + moved
            for e in moved:
                e[1] = True
        elif rule == "ORD":
            moved = [e for e in lst if sel(e) and e[1]]
            lst = [e for e in lst if e not in moved] + moved
        elif rule in ("DEL", "BUMP"):
            moved = [e for e in lst if sel(e) and e[1]]
            lst = moved + [e for e in lst if e not in moved]
            if rule == "DEL":
                for e in moved:
                    e[1] = False
    fs = lambda r: r["kx"] in ("DH", "ECDH")
    aead = lambda r: r["mac"] == "AEAD"
    apply(lambda r: r["kx"] == "ECDH" and r["au"] == "ECDSA", "ADD")
    apply(lambda r: r["kx"] == "ECDH", "ADD")
    apply(lambda r: r["kx"] == "ECDH", "DEL")
    apply(lambda r: r["enc"] == "AESGCM", "ADD")
    apply(lambda r: r["enc"] == "CHACHA20/POLY1305", "ADD")
    apply(lambda r: r["enc"] in ("AES", "AESCCM", "AESCCM8"), "ADD")
    apply(lambda r: True, "ADD")
    apply(lambda r: r["mac"] == "MD5", "ORD")
    apply(lambda r: r["au"] == "None", "ORD")
    apply(lambda r: r["kx"] == "RSA", "ORD")
    apply(lambda r: r["kx"] == "PSK", "ORD")
    apply(lambda r: r["enc"] == "RC4", "ORD")
    for bits in sorted({r["bits"] for r in rows.values()}, reverse=True):
        apply(lambda r: True, "ORD", bits)
    apply(lambda r: r["version"] == "TLSv1.2", "BUMP")
    apply(aead, "BUMP")
    apply(fs, "BUMP")
    apply(lambda r: fs(r) and aead(r), "BUMP")
    order = [e[0] for e in lst]
    # NULL-encryption suites are compared apart: the local order of those comes from
    # ALL:COMPLEMENTOFALL, which lists them last, while OpenSSL's rules place them by key exchange;
    # no cipher string can tell the two apart except with eNULL, where both agree.
    for keep in (lambda n: rows[n]["enc"] != "None", lambda n: rows[n]["enc"] == "None"):
        if [n for n in order if n in set(local) and keep(n)] != [n for n in local if keep(n)]:
            raise SystemExit("OpenSSL's ordering rules do not reproduce the local order")
    return order


def write_names(rows, sstxt):
    names = {}

    def note(name, kind, source):
        entry = names.setdefault(name, [kind, []])
        if source not in entry[1]:
            entry[1].append(source)
    for version, text in ALIASES.items():
        for n in text.split():
            note(n, "suite" if n in SUITE_ALIASES or n in rows else "keyword", "aliases-" + version)
    for version, text in SPECIALS.items():
        for n in text.split():
            note(n, "special", "parser-" + version)
    for n in sstxt:
        note(n, "keyword", "ssl.h-3.0")
    for n in TXT_102.split():
        note(n, "keyword", "ssl.h-1.0.2")
    for n, r in rows.items():
        note(n, "suite", "local-3.0" if r["local"] else ("table-3.x" if r["scope"] == "3" else "legacy"))
    for a in SUITE_ALIASES:
        note(a, "suite", "ssl3.h-3.0")
    with open(NAMES, "w") as out:
        out.write("# Every cipher-string keyword, special command and suite name OpenSSL has had, generated by\n")
        out.write("# generate-cipher-table.py. Sources (see the script for the files each list was read from):\n")
        out.write("#   aliases-V   the cipher_aliases table of ssl/ssl_ciph.c in OpenSSL V (3.x, 1.1.1, 1.0.2, 0.9.8)\n")
        out.write("#   parser-V    special commands of ssl_cipher_process_rulestr / check_suiteb_cipher_list in OpenSSL V\n")
        out.write("#   ssl.h-V     the SSL_TXT_* cipher-string texts of ssl.h in OpenSSL V (some were never aliases)\n")
        out.write("#   local-3.0   suites the local OpenSSL 3.0 lists (openssl ciphers ALL:COMPLEMENTOFALL, legacy provider)\n")
        out.write("#   table-3.x   suites of OpenSSL 3.x's ssl/s3_lib.c that the local build leaves out (RFC names in tls1.h/ssl3.h)\n")
        out.write("#   legacy      suites dropped before 3.0: SSLv2 (ssl2.h), export, single DES, fixed DH/ECDH, KRB5 (1.0.2),\n")
        out.write("#               Fortezza and EXP1024 (0.9.8), GOST94 (1.0.2), named in the 3.0 headers or the older tables\n")
        out.write("#   ssl3.h-3.0  the EDH-* names the 3.0 headers keep for DHE-* suites\n")
        out.write("#name\tkind\tsources\n")
        for n in sorted(names, key=lambda s: (names[s][0], s)):
            out.write("%s\t%s\t%s\n" % (n, names[n][0], ",".join(names[n][1])))


if __name__ == "__main__":
    main()
