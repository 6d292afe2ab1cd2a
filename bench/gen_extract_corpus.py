#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Build the extraction benchmark corpus: mixed threat-report text, >= 100 MB.

    gen_extract_corpus.py OUT [--size-mb 100] [--seed 20240514] [--data DIR]
                          [--profile ioc-dense|prose]

Two profiles. The default, ioc-dense, mixes what an extractor meets in a
feed or an indicator appendix, in blocks chosen at random (seeded, so the
same arguments always give the same bytes), about 1.4 hits per 100 bytes:
  * English and Japanese prose paragraphs, most sentences without any
    indicator, some with one or two;
  * markdown tables of indicators and of file names with hashes;
  * proxy, firewall and DNS log lines;
  * CSV rows of a feed export;
  * near misses: version numbers, documentation addresses, dotted names that
    are not domains.
Indicator values (IPv4, IPv6, CIDR, domains, URLs, hashes) are drawn from the
shared real-world indicator lists (DIR, default ../shared/data/indicators
next to the repository; read with zstdcat, never copied into the repository).
About half the network indicators are defanged, in the styles seen in
reports: "[.]", "(.)", "[dot]", "hxxp", "[:]//", "[@]", and in the Japanese
blocks full-width forms ("［.］", "．", "ｈｘｘｐ", "＠", full-width digits).

The prose profile is the body of a report: English (60%) and Japanese (40%)
prose paragraphs only, of which about 2% hold one indicator sentence (the
same templates and defanging as above) and about 1% a near miss.
"""
import argparse
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DATA = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "data", "indicators"))

# file -> keep every Nth line (gives some tens of thousands of values each)
SAMPLES = {"ipv4": 40, "ipv4_cidr": 4, "ipv6": 1, "domains": 80, "urls": 20, "hashes": 8}

FILE_STEMS = ["invoice", "setup", "update", "report_q3", "payload", "loader", "svchost32",
              "Customs_Invoice", "order_details", "msupdate", "winlogin", "teams_patch",
              "請求書", "見積書_2024", "会議資料", "納品書"]
FILE_EXTS = ["exe", "dll", "zip", "lnk", "ps1", "js", "vbs", "docm", "xlsm", "iso", "hta",
             "bat", "rar", "one", "msi", "scr"]

EN_PLAIN = [
    "The actor has been active since at least early 2022 and mainly targets logistics and "
    "manufacturing companies in East Asia.",
    "Initial access was obtained through spearphishing e-mails with archive attachments.",
    "The loader decrypts its configuration with a single-byte XOR key and a custom RC4 variant.",
    "We assess with moderate confidence that the campaign is financially motivated.",
    "Persistence is achieved through a scheduled task that runs every fifteen minutes.",
    "Defenders should review outbound connections from servers that normally make none.",
    "The second stage is only delivered to hosts whose keyboard layout matches the target list.",
    "Several samples were signed with a certificate that has since been revoked.",
    "Telemetry shows the first infections on a Monday morning, shortly after the lure was sent.",
    "No data was exfiltrated in the cases we investigated, but credentials were harvested.",
    "The operators switched infrastructure within hours of the first public report.",
    "Version 4.2.1.7 of the agent added a watchdog thread and a new command set.",
    "Analysts should treat the list below as a starting point, not as a complete picture.",
    "Most victims were reached through a compromised supplier's mailbox.",
    "The malware enumerates running processes and exits if it finds a known sandbox tool.",
]
EN_IOC = [
    "The loader downloads its payload from {url}.",
    "Beacons were sent to {ip} over TCP port 443 every 60 seconds.",
    "The C2 domain {domain} resolved to {ip} during the campaign.",
    "Phishing mails came from {email} with the attachment {file}.",
    "The dropped file {file} has the SHA-256 hash {sha256}.",
    "We observed exploitation of {cve} on internet-facing appliances.",
    "The technique matches {attack} in MITRE ATT&CK.",
    "Traffic to {cidr} should be reviewed; the range is announced by {asn}.",
    "A second server at {ip6} hosted the same panel.",
    "The MD5 of the installer is {md5}, its SHA-1 {sha1}.",
    "Fallback infrastructure included {domain} and {url}.",
    "The sample {file} ({md5}) contacts {domain} after a 10-minute delay.",
]
JA_PLAIN = [
    "本件は、2024年春頃から継続して観測されている標的型攻撃の一部とみられます。",
    "攻撃者は取引先を装ったメールを送信し、添付ファイルを開かせる手口を用いています。",
    "感染端末では、定期的に外部のサーバと通信する挙動が確認されました。",
    "現時点で情報の外部流出は確認されていませんが、引き続き調査を進めています。",
    "不審なメールを受信した場合は、添付ファイルを開かずに担当部署へ連絡してください。",
    "当該マルウェアは、解析環境を検知すると動作を停止する機能を備えています。",
    "侵入後は、正規のリモート管理ツールを悪用して横展開を行っていました。",
    "ログの保存期間が短い場合、過去の通信を遡って確認できないおそれがあります。",
    "以下の情報は調査時点のものであり、今後更新される可能性があります。",
    "バージョン 1.0.0.1 の更新プログラムを装ったファイルも確認されています。",
]
JA_IOC = [
    "不正なファイルは {url} からダウンロードされます。",
    "感染端末は {ip} と通信していました。",
    "通信先ドメイン {domain} は攻撃期間中 {ip} に名前解決されていました。",
    "送信元メールアドレスは {email} で、添付ファイル名は「{file}」です。",
    "「{file}」の SHA256 ハッシュ値は {sha256} です。",
    "攻撃者は脆弱性（{cve}）を悪用したとみられます。",
    "手法は MITRE ATT&CK の {attack} に該当します。",
    "C2 サーバ: {domain}（{ip}）",
    "MD5: {md5}",
    "通信先 URL: {url}",
]
LOG_FORMATS = [
    '{ts} proxy01 squid[2211]: 10.20.{a}.{b} TCP_MISS/200 {n} GET {url} - HIER_DIRECT/{ip} text/html',
    '{ts} fw-edge kernel: DROP IN=eth0 OUT= SRC={ip} DST=10.0.{a}.{b} PROTO=TCP SPT={p} DPT=443',
    '{ts} dns01 named[812]: client 10.1.{a}.{b}#{p}: query: {domain} IN A + ({ip})',
    '{ts} mail02 postfix/smtpd[{n}]: NOQUEUE: reject: RCPT from unknown[{ip}]: from=<{email}>',
    '{ts} edr agent: process=powershell.exe parent=winword.exe file={file} sha256={sha256}',
    '{ts} web03 nginx: {ip} - - "GET /wp-login.php HTTP/1.1" 404 {n} "-" "Mozilla/5.0"',
]
NEAR_MISSES = [
    "Build 10.0.19045.3803 was the only affected version.",
    "The sample object identifier 1.3.6.1.4.1.311.60 appears in the certificate.",
    "Documentation addresses such as 192.0.2.15 and example.com were used in the test lab.",
    "See System.Net.WebClient and WScript.Shell in the decoded script.",
    "Detected as Win32/Agent.XYZ and JS/Downloader.B by several engines.",
]


def load(data, name, step):
    path = os.path.join(data, name + ".tsv.zst")
    out = []
    p = subprocess.Popen(["zstdcat", path], stdout=subprocess.PIPE)
    for i, line in enumerate(p.stdout):
        if i % step == 0:
            out.append(line.decode("utf-8", "replace").rstrip("\n").split("\t"))
    if p.wait() != 0:
        sys.exit("gen_extract_corpus: cannot read %s" % path)
    return out


FW_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


class Gen:
    def __init__(self, data, seed, profile="ioc-dense"):
        self.profile = profile
        self.r = random.Random(seed)
        rows = {k: load(data, k, v) for k, v in SAMPLES.items()}
        self.ipv4 = [x[0] for x in rows["ipv4"]]
        self.cidr = [x[0] for x in rows["ipv4_cidr"]]
        self.ipv6 = [x[0] for x in rows["ipv6"] if "/" not in x[0]]
        self.cidr += [x[0] for x in rows["ipv6"] if "/" in x[0]][:2000]
        self.domains = [x[0] for x in rows["domains"]]
        self.urls = [x[0] for x in rows["urls"] if x[0].isascii() and " " not in x[0]]
        self.hashes = {"md5": [], "sha1": [], "sha256": []}
        for x in rows["hashes"]:
            if len(x) > 1 and x[1] in self.hashes:
                self.hashes[x[1]].append(x[0])

    # ---- defanging, as reports do it ----
    def defang_host(self, host, ja):
        r = self.r.random()
        if ja:
            if r < 0.4:
                return host.replace(".", "［.］") if self.r.random() < 0.5 else \
                    host[::-1].replace(".", "］.［", 1)[::-1]
            if r < 0.7:
                return host.replace(".", "．")
            return host.replace(".", "[.]")
        if r < 0.5:
            i = host.rfind(".")
            return host[:i] + "[.]" + host[i + 1:]
        if r < 0.75:
            return host.replace(".", "[.]")
        if r < 0.9:
            return host.replace(".", "(.)")
        return host.replace(".", "[dot]")

    def fang(self, kind, v, ja):
        if self.r.random() < 0.5:
            return v
        if kind == "url":
            scheme, sep, rest = v.partition("://")
            host, slash, path = rest.partition("/")
            if scheme.startswith("http"):
                scheme = ("ｈｘｘｐ" + scheme[4:]) if ja and self.r.random() < 0.5 else \
                    scheme.replace("tt", "xx")
            if self.r.random() < 0.4:
                sep = "[:]//"
            return scheme + sep + self.defang_host(host, ja) + slash + path
        if kind == "email":
            local, _, dom = v.partition("@")
            at = ("＠" if ja else "[@]") if self.r.random() < 0.7 else "[at]"
            return local + at + self.defang_host(dom, ja)
        if kind == "ip" and ja and self.r.random() < 0.3:
            return self.defang_host(v.translate(FW_DIGITS), ja)
        return self.defang_host(v, ja)

    # ---- values ----
    def values(self, ja):
        r = self.r
        dom = r.choice(self.domains)
        return {
            "ip": self.fang("ip", r.choice(self.ipv4), ja),
            "ip6": r.choice(self.ipv6),
            "cidr": r.choice(self.cidr),
            "domain": self.fang("domain", dom, ja),
            "url": self.fang("url", r.choice(self.urls), ja),
            "email": self.fang("email", "%s@%s" % (r.choice(["info", "support", "billing",
                                                           "no-reply", "admin"]), dom), ja),
            "file": "%s%s.%s" % (r.choice(FILE_STEMS), r.choice(["", "_v2", "_0514", "-final"]),
                                 r.choice(FILE_EXTS)),
            "md5": r.choice(self.hashes["md5"]),
            "sha1": r.choice(self.hashes["sha1"]),
            "sha256": r.choice(self.hashes["sha256"]),
            "cve": "CVE-%d-%d" % (r.randint(2014, 2025), r.randint(1000, 52000)),
            "attack": "T%04d%s" % (r.randint(1001, 1659),
                                   "" if r.random() < 0.5 else ".%03d" % r.randint(1, 12)),
            "asn": "AS%d" % r.randint(1000, 399999),
        }

    def ts(self):
        r = self.r
        return "2024-%02d-%02dT%02d:%02d:%02dZ" % (r.randint(1, 12), r.randint(1, 28),
                                                  r.randint(0, 23), r.randint(0, 59),
                                                  r.randint(0, 59))

    # ---- blocks ----
    def prose(self, ja):
        r = self.r
        plain, ioc = (JA_PLAIN, JA_IOC) if ja else (EN_PLAIN, EN_IOC)
        out = []
        for _ in range(r.randint(3, 8)):
            if r.random() < 0.3:
                out.append(r.choice(ioc).format(**self.values(ja)))
            elif r.random() < 0.03:
                out.append(r.choice(NEAR_MISSES))
            else:
                out.append(r.choice(plain))
        return ("" if ja else " ").join(out) + "\n\n"

    def ioc_table(self, ja):
        r = self.r
        head = "| 種別 | 値 | 備考 |\n|---|---|---|\n" if ja else \
            "| Type | Value | Note |\n|------|-------|------|\n"
        rows = []
        for _ in range(r.randint(3, 12)):
            v = self.values(ja)
            kind = r.choice(["ip", "domain", "url", "ip6", "cidr", "email"])
            note = r.choice(["C2", "配布元", "送信元"] if ja else ["C2", "payload host", "sender"])
            name = {"ip": "ipv4", "ip6": "ipv6"}.get(kind, kind)
            rows.append("| %s | %s | %s |\n" % (name, v[kind], note))
        return head + "".join(rows) + "\n"

    def file_table(self, ja):
        r = self.r
        head = "| ファイル名 | SHA256 |\n|---|---|\n" if ja else \
            "| File name | SHA-256 |\n|-----------|---------|\n"
        rows = "".join("| %s | %s |\n" % (v["file"], v["sha256"])
                       for v in (self.values(ja) for _ in range(r.randint(2, 8))))
        return head + rows + "\n"

    def logs(self):
        r = self.r
        out = []
        for _ in range(r.randint(5, 40)):
            v = self.values(False)
            # logs are never defanged
            v["ip"] = r.choice(self.ipv4)
            v["domain"] = r.choice(self.domains)
            v["url"] = r.choice(self.urls)
            out.append(r.choice(LOG_FORMATS).format(ts=self.ts(), a=r.randint(0, 255),
                                                    b=r.randint(1, 254), n=r.randint(100, 99999),
                                                    p=r.randint(1024, 65535), **v))
        return "\n".join(out) + "\n\n"

    def csv(self):
        r = self.r
        out = ["indicator,type,first_seen,confidence,tlp"]
        for _ in range(r.randint(5, 30)):
            kind = r.choice(["ipv4", "domain", "url", "sha256", "md5"])
            v = {"ipv4": r.choice(self.ipv4), "domain": r.choice(self.domains),
                 "url": '"%s"' % r.choice(self.urls),
                 "sha256": r.choice(self.hashes["sha256"]),
                 "md5": r.choice(self.hashes["md5"])}[kind]
            out.append("%s,%s,%s,%d,%s" % (v, kind, self.ts()[:10], r.randint(30, 95),
                                           r.choice(["clear", "green", "amber"])))
        return "\n".join(out) + "\n\n"

    def prose_paragraph(self):
        r = self.r
        ja = r.random() < 0.4
        plain, ioc = (JA_PLAIN, JA_IOC) if ja else (EN_PLAIN, EN_IOC)
        out = [r.choice(plain) for _ in range(r.randint(3, 8))]
        x = r.random()
        if x < 0.02:
            out[r.randrange(len(out))] = r.choice(ioc).format(**self.values(ja))
        elif x < 0.03:
            out[r.randrange(len(out))] = r.choice(NEAR_MISSES)
        return ("" if ja else " ").join(out) + "\n\n"

    def block(self):
        if self.profile == "prose":
            return self.prose_paragraph()
        x = self.r.random()
        if x < 0.35:
            return self.prose(False)
        if x < 0.60:
            return self.prose(True)
        if x < 0.70:
            return self.ioc_table(self.r.random() < 0.4)
        if x < 0.78:
            return self.file_table(self.r.random() < 0.4)
        if x < 0.92:
            return self.logs()
        return self.csv()


def main():
    ap = argparse.ArgumentParser(description="build the extraction benchmark corpus")
    ap.add_argument("out")
    ap.add_argument("--size-mb", type=float, default=100.0)
    ap.add_argument("--seed", type=int, default=20240514)
    ap.add_argument("--data", default=DEFAULT_DATA)
    ap.add_argument("--profile", choices=["ioc-dense", "prose"], default="ioc-dense",
                    help="ioc-dense (default): tables, logs, CSV and prose; prose: report "
                    "paragraphs, about 2%% of them with an indicator")
    a = ap.parse_args()
    g = Gen(a.data, a.seed, a.profile)
    target = int(a.size_mb * 1000 * 1000)
    written = 0
    tmp = a.out + ".tmp"
    with open(tmp, "wb") as f:
        buf = []
        while written < target:
            b = g.block().encode("utf-8")
            buf.append(b)
            written += len(b)
            if len(buf) >= 4096:
                f.write(b"".join(buf))
                buf = []
        f.write(b"".join(buf))
    os.replace(tmp, a.out)
    print("gen_extract_corpus: %s: %d bytes (seed %d, profile %s)"
          % (a.out, written, a.seed, a.profile))


if __name__ == "__main__":
    main()
