#!/usr/bin/env python3
"""Write the sample mail shipped in inbox/ (see scripts/SAMPLES.md).

Standard library only and deterministic: running it twice gives the same bytes.
Every file is written as raw bytes with CRLF line ends, laid out the way the
named mail client (and the receiving Postfix) really writes it, including the
quirks hotline has to cope with. Python's email generator is deliberately not
used.

Usage: python3 scripts/make-sample-inbox.py [OUTPUT_DIR]
(default: both inbox/, which the main job takes in, and Tests/Fixtures/sample-inbox/, the copy
the tests read; tests never read inbox/, which the main job empties)
"""

import base64
import struct
import sys
from pathlib import Path

CENTER = "mayor-mailbox@hotline.example"
DAY = "Sat, 28 Nov 2026"


# ---------------------------------------------------------------- helpers

def date(hms, comment=False):
    return f"{DAY} {hms} +0800" + (" (CST)" if comment else "")


def crlf(text):
    """Source text uses \\n; mail uses CRLF."""
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def b64(data, width=76):
    s = base64.b64encode(data).decode("ascii")
    return ("\r\n".join(s[i:i + width] for i in range(0, len(s), width)) + "\r\n").encode("ascii")


def qp(data, width=76):
    """Quoted-printable (RFC 2045) of CRLF text: hard breaks kept, soft breaks at `width`."""
    out = []
    for line in data.split(b"\r\n"):
        toks = []
        for i, c in enumerate(line):
            last = i == len(line) - 1
            if (33 <= c <= 126 and c != 61) or (c in (9, 32) and not last):
                toks.append(chr(c))
            else:
                toks.append("=%02X" % c)
        cur = ""
        for t in toks:
            if len(cur) + len(t) > width - 1:
                out.append(cur + "=")
                cur = ""
            cur += t
        out.append(cur)
    return "\r\n".join(out).encode("ascii")


def ew(text, charset, codec=None, maxlen=75):
    """RFC 2047 B encoded words, split on character boundaries, each <= maxlen."""
    codec = codec or charset

    def mk(s):
        return "=?%s?B?%s?=" % (charset, base64.b64encode(s.encode(codec)).decode("ascii"))

    words, cur = [], ""
    for ch in text:
        if cur and len(mk(cur + ch)) > maxlen:
            words.append(mk(cur))
            cur = ""
        cur += ch
    if cur:
        words.append(mk(cur))
    return words


def ews(text, charset, codec=None, fold="\r\n "):
    return fold.join(ew(text, charset, codec))


def rfc2231(name, value, width=60):
    """filename*0*=utf-8''...; filename*1*=... continuations (as Thunderbird writes them)."""
    enc = "".join(chr(b) if (chr(b).isalnum() and b < 128) or chr(b) in "-._~" else "%%%02X" % b
                  for b in value.encode("utf-8"))
    chunks, i = [], 0
    while i < len(enc):
        j = min(i + width, len(enc))
        # never cut a %XX escape
        while enc[j - 1] == "%" or (j >= 2 and enc[j - 2] == "%"):
            if j == len(enc):
                break
            j -= 1
        chunks.append(enc[i:j])
        i = j
    parts = []
    for n, c in enumerate(chunks):
        parts.append(f"{name}*{n}*=" + ("UTF-8''" if n == 0 else "") + c)
    return ";\r\n ".join(parts)


def received(helo, ip, qid, hms, tls=True):
    return ("Received: from {h} ({h} [{ip}])\r\n"
            "\tby mx.hotline.example (Postfix) with {proto} id {qid}\r\n"
            "\tfor <{to}>; {d}").format(h=helo, ip=ip, proto="ESMTPS" if tls else "ESMTP",
                                        qid=qid, to=CENTER, d=date(hms, True))


def build(headers, body):
    """headers: list of str (ASCII, may contain CRLF+WSP folds) or bytes (raw 8-bit)."""
    out = bytearray()
    for h in headers:
        out += h if isinstance(h, bytes) else h.encode("ascii")
        out += b"\r\n"
    out += b"\r\n"
    out += body
    return bytes(out)


def tiny_jpeg():
    """16x16 grey baseline JPEG (JFIF), written marker by marker.

    Four 8x8 blocks carrying only a DC value (a 2x2 chequer of greys), coded
    with the standard luminance tables of ITU T.81 Annex K.
    """
    def seg(marker, payload):
        return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload

    q = [16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55,
         14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
         18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
         49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99]
    zigzag = []
    for s in range(15):
        rows = range(min(s, 7), max(0, s - 7) - 1, -1) if s % 2 == 0 else range(max(0, s - 7), min(s, 7) + 1)
        zigzag += [r * 8 + (s - r) for r in rows]
    dc_bits = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
    dc_vals = list(range(12))
    ac_bits = [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7D]
    ac_vals = [
        0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07,
        0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xA1, 0x08, 0x23, 0x42, 0xB1, 0xC1, 0x15, 0x52, 0xD1, 0xF0,
        0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0A, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x25, 0x26, 0x27, 0x28,
        0x29, 0x2A, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3A, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49,
        0x4A, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5A, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69,
        0x6A, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7A, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89,
        0x8A, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9A, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7,
        0xA8, 0xA9, 0xAA, 0xB2, 0xB3, 0xB4, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9, 0xBA, 0xC2, 0xC3, 0xC4, 0xC5,
        0xC6, 0xC7, 0xC8, 0xC9, 0xCA, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6, 0xD7, 0xD8, 0xD9, 0xDA, 0xE1, 0xE2,
        0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9, 0xEA, 0xF1, 0xF2, 0xF3, 0xF4, 0xF5, 0xF6, 0xF7, 0xF8,
        0xF9, 0xFA]
    assert sum(ac_bits) == len(ac_vals) == 162

    def codes(bits, vals):
        table, code, k = {}, 0, 0
        for length in range(1, 17):
            for _ in range(bits[length - 1]):
                table[vals[k]] = (code, length)
                code += 1
                k += 1
            code <<= 1
        return table

    dc, ac = codes(dc_bits, dc_vals), codes(ac_bits, ac_vals)
    bitstr = []

    def put(value, length):
        bitstr.extend((value >> (length - 1 - i)) & 1 for i in range(length))

    prev = 0
    for coef in (24, -16, -16, 24):          # pixel = 128 + 2 * coef  ->  176 / 96 chequer
        diff = coef - prev
        prev = coef
        size = abs(diff).bit_length()
        put(*dc[size])
        if size:
            put(diff if diff > 0 else diff + (1 << size) - 1, size)
        put(*ac[0x00])                       # EOB: no AC coefficients
    bitstr += [1] * (-len(bitstr) % 8)
    scan = bytearray()
    for i in range(0, len(bitstr), 8):
        byte = int("".join(map(str, bitstr[i:i + 8])), 2)
        scan.append(byte)
        if byte == 0xFF:
            scan.append(0x00)

    return (b"\xFF\xD8"
            + seg(0xE0, b"JFIF\x00\x01\x01\x01\x00\x48\x00\x48\x00\x00")
            + seg(0xDB, b"\x00" + bytes(q[i] for i in zigzag))
            + seg(0xC0, b"\x08" + struct.pack(">HH", 16, 16) + b"\x01\x01\x11\x00")
            + seg(0xC4, b"\x00" + bytes(dc_bits) + bytes(dc_vals))
            + seg(0xC4, b"\x10" + bytes(ac_bits) + bytes(ac_vals))
            + seg(0xDA, b"\x01\x01\x00\x00\x3F\x00")
            + bytes(scan)
            + b"\xFF\xD9")


# ---------------------------------------------------------------- 01 / 06 / 07  Foxmail, GB2312

LIU_ADDR = "liujianguo1972@example.com"
LIU_NAME = "刘建国"
SUBJ01 = "投诉：涂山路工地夜间施工噪音严重扰民"


def foxmail_headers(hms, rcvd, qid, ip, msgid, subject_line):
    return [
        f"Return-Path: <{LIU_ADDR}>",
        received("smtp.example.com", ip, qid, rcvd),
        f"Date: {date(hms)}",
        f"From: {ews(LIU_NAME, 'gb2312')} <{LIU_ADDR}>",
        f"To: {ews('市长信箱', 'gb2312')} <{CENTER}>",
        subject_line,
        "X-Priority: 3",
        "X-Has-Attach: no",
        "X-Mailer: Foxmail 7.2.25.228[cn]",
        "Mime-Version: 1.0",
        f"Message-ID: <{msgid}@example.com>",
        "Content-Type: text/plain;\r\n\tcharset=\"gb2312\"",
        "Content-Transfer-Encoding: base64",
    ]


def sample01():
    body = f"""市长您好：

我叫{LIU_NAME}，住在蚌山区涂山路锦绣华庭小区5栋2单元。小区南边涂山路和延安路交口东北角有一个正在建设的商业楼工地，从11月中旬开始几乎每天夜里都在施工，晚上十点以后混凝土泵车、打桩机、渣土车一直响到凌晨两三点，有时候通宵不停。

这两个星期我们整栋楼的人都睡不好觉，我父亲七十多岁，有高血压，晚上根本睡不着，孩子马上要期末考试也受影响。我们找过工地门卫，他们说是赶工期，让我们找项目部，项目部电话一直打不通。打过110，警察来了之后停一会儿，走了又接着干。

请问这个工地有没有办理夜间施工许可？如果没有，请城管和生态环境部门依法查处，禁止夜间施工；如果确实需要连续施工，也应该提前公告并采取降噪措施。希望有关部门尽快处理，还我们一个安静的夜晚。

联系人：{LIU_NAME}
电话：13805527316
地址：蚌山区涂山路锦绣华庭小区5栋2单元502室

此致
敬礼！



{LIU_ADDR}
"""
    headers = foxmail_headers("08:12:37", "08:12:40", "4ZkP0c1Hq7z3", "198.51.100.17",
                              "2026112808123728513410", f"Subject: {ews(SUBJ01, 'gb2312')}")
    return build(headers, b64(crlf(body).encode("gb2312")))


def sample07():
    ref = "[BB20261128-0001]"
    body = f"""您好：

补充一下情况：昨天夜里（11月27日晚）工地又是从十点多一直干到凌晨两点半，今天早上我拿手机上的测噪音软件在阳台上测了一下，有七十多分贝。我还拍了视频，需要的话可以提供。

另外我今天上午去工地门口看了，墙上贴的夜间施工公示写的期限是到11月20日，早就过期了。

请尽快安排人来处理，今天晚上要是还施工，我们只能再打电话反映。谢谢！

{LIU_NAME}
13805527316



{LIU_ADDR}

From: 市长信箱
Date: 2026-11-28 08:20
To: {LIU_NAME}
Subject: {ref} {SUBJ01}
{LIU_NAME}您好：
您的来信已收到，受理编号为BB20261128-0001。我们将按规定转交有关单位办理，请保留受理编号以便查询。
蚌埠市市长热线服务中心
"""
    subject = f"Subject: Re: {ref} {ews(SUBJ01, 'gb2312')}"
    headers = foxmail_headers("11:02:15", "11:02:18", "4ZkT0m2Vs8z1", "198.51.100.17",
                              "2026112811021566094127", subject)
    return build(headers, b64(crlf(body).encode("gb2312")))


# ---------------------------------------------------------------- 02 / 08  Outlook, GBK

SUN_ADDR = "sunliwei@example.cn"
SUN_NAME = "孙立伟"
SUBJ02 = "淮上区福润家园小区已经停水两天，请尽快恢复供水"


def sample02():
    boundary = "----=_NextPart_000_0007_01DD5F2A.3C4B8E10"
    photo = "现场照片.jpg"
    body = f"""尊敬的市长信箱工作人员：

您好！我是淮上区淮上大道北侧福润家园小区的业主。我们小区从11月26日早上七点左右开始停水，到今天（28日）已经整整两天了，一直没有恢复。

停水前没有任何通知，物业说是外面的供水管道在维修，什么时候来水他们也不知道。小区一共三百多户，有不少老人和小孩，现在做饭、喝水、上厕所都成了问题，物业只在门口放了几桶水，根本不够用，高层住户提水上楼非常困难。

请相关部门督促供水公司尽快抢修、恢复供水，并告知准确的来水时间；在恢复之前能否安排送水车到小区临时供水？附件是小区门口物业贴的通知照片。

联系人：{SUN_NAME}
联系电话：13956231847
地址：淮上区福润家园小区12栋1单元301室

谢谢！
{SUN_NAME}
"""
    jpg = tiny_jpeg()
    fname = ew(photo, "gb2312")[0]
    headers = [
        f"Return-Path: <{SUN_ADDR}>",
        received("smtp.example.cn", "203.0.113.52", "4ZkP1R0wDnz5", "08:41:09"),
        f"From: \"{ews(SUN_NAME, 'gb2312')}\" <{SUN_ADDR}>",
        f"To: <{CENTER}>",
        f"Subject: {ews(SUBJ02, 'gb2312', fold=chr(13) + chr(10) + chr(9))}",
        f"Date: {date('08:41:05')}",
        "Message-ID: <000701dd5f2a$3c4b8e10$b4e2aa30$@example.cn>",
        "MIME-Version: 1.0",
        f"Content-Type: multipart/mixed;\r\n\tboundary=\"{boundary}\"",
        "X-Mailer: Microsoft Outlook 16.0",
        "Thread-Index: AdtfKjxLjhC04qowSdWGQ1Xv7kZ3Ag==",
        "Content-Language: zh-cn",
    ]
    parts = (f"This is a multipart message in MIME format.\r\n\r\n--{boundary}\r\n"
             "Content-Type: text/plain;\r\n\tcharset=\"gbk\"\r\n"
             "Content-Transfer-Encoding: quoted-printable\r\n\r\n").encode("ascii")
    parts += qp(crlf(body).encode("gbk")) + b"\r\n\r\n"
    parts += (f"--{boundary}\r\n"
              f"Content-Type: image/jpeg;\r\n\tname=\"{fname}\"\r\n"
              "Content-Transfer-Encoding: base64\r\n"
              f"Content-Disposition: attachment;\r\n\tfilename=\"{fname}\"\r\n\r\n").encode("ascii")
    parts += b64(jpg) + b"\r\n"
    parts += f"--{boundary}--\r\n".encode("ascii")
    return build(headers, parts)


def sample08():
    subject = "自动回复: [BB20261128-0002] " + SUBJ02
    body = f"""您好！

我于11月28日至12月2日在外地出差，期间不能及时查看邮件，回来后会尽快回复您。
如有急事，请拨打我的手机13956231847。

{SUN_NAME}
"""
    headers = [
        f"Return-Path: <{SUN_ADDR}>",
        received("smtp.example.cn", "203.0.113.52", "4ZkT6q1BxHz4", "11:20:44"),
        f"From: \"{ews(SUN_NAME, 'gb2312')}\" <{SUN_ADDR}>",
        f"To: <{CENTER}>",
        f"Subject: {ews(subject, 'gb2312', fold=chr(13) + chr(10) + chr(9))}",
        f"Date: {date('11:20:41')}",
        "Message-ID: <001201dd5f3e$9a7c2b60$cf748120$@example.cn>",
        "Auto-Submitted: auto-replied",
        "X-Auto-Response-Suppress: All",
        "MIME-Version: 1.0",
        "Content-Type: text/plain;\r\n\tcharset=\"gb2312\"",
        "Content-Transfer-Encoding: base64",
        "X-Mailer: Microsoft Outlook 16.0",
        "Thread-Index: AdtfPpp8K2B3mN7xRaKc4zXqWvT1Lw==",
        "Content-Language: zh-cn",
    ]
    return build(headers, b64(crlf(body).encode("gb2312")))


# ---------------------------------------------------------------- 03  Outlook Express, Big5

def sample03():
    name = "許志明"                 # 許 = B3 5C: a Big5 trail byte that is ASCII '\'
    addr = "hsu.chiming@example.net"
    subject = "諮詢：台灣居民離職回台後如何提取住房公積金"
    body = f"""市長信箱您好：

我是台灣居民，自2019年起在蚌埠經濟開發區一家台資企業工作，公司一直為我繳存住房公積金。今年12月底我將與公司解除勞動合同，回台灣定居，想請教以下幾個問題：

一、台灣居民與單位終止勞動關係並回台定居後，能否一次性提取住房公積金帳戶餘額並辦理銷戶？
二、需要準備哪些材料？例如台灣居民居住證、台胞證、解除勞動合同證明等，是否需要公證？
三、是否必須本人到公積金中心櫃台辦理？我回台後能否委託親友代辦，或在網上辦理？
四、提取的款項能否直接轉入我在台灣的銀行帳戶，還是只能轉入大陸的銀行卡？

因為離開的時間比較緊，希望能盡快得到答覆，謝謝！

{name}
手機：13905529046
地址：蚌埠市龍子湖區東海大道翠微苑8棟603室
"""
    headers = [
        f"Return-Path: <{addr}>",
        received("mail.example.net", "192.0.2.84", "4ZkP2K6jLrz8", "09:05:52"),
        "Message-ID: <000c01dd5f2d$a8b1c2d0$0a00a8c0@HSU-PC>",
        f"From: \"{ews(name, 'big5')}\" <{addr}>",
        f"To: <{CENTER}>",
        f"Subject: {ews(subject, 'big5', fold=chr(13) + chr(10) + chr(9))}",
        f"Date: {date('09:05:48')}",
        "MIME-Version: 1.0",
        "Content-Type: text/plain;\r\n\tcharset=\"big5\"",
        "Content-Transfer-Encoding: 8bit",
        "X-Priority: 3",
        "X-MSMail-Priority: Normal",
        "X-Mailer: Microsoft Outlook Express 6.00.2900.5931",
        "X-MimeOLE: Produced By Microsoft MimeOLE V6.00.2900.6157",
    ]
    return build(headers, crlf(body).encode("big5"))


# ---------------------------------------------------------------- 04  QQ Mail, UTF-8 alternative

def sample04():
    addr = "1938475620@example.com"
    name = "周晓雯"
    subject = "建议：开通大学城至蚌埠南站的直达公交，并在东海大道增设非机动车道"
    paras = [
        "尊敬的市长：",
        "您好！我是龙子湖区大学城附近的一名高校教师，平时上下班骑电动自行车，周末经常坐高铁去合肥。结合日常出行的体会，提两点建议：",
        "一、开通大学城至蚌埠南站（高铁站）的直达公交线路。大学城有好几所高校，几万名师生，寒暑假和节假日往返高铁站的人非常多。现在从大学城坐公交去蚌埠南站至少要换乘一次，路上要一个多小时，末班车也比较早，晚上到站的学生只能打车。建议开通一条直达线路，节假日前后适当加密班次，末班车延长到晚上十点以后。",
        "二、在东海大道部分路段增设有隔离的非机动车道。东海大道车速快，部分路段没有独立的非机动车道，电动车、自行车只能和机动车混行，早晚高峰学生骑车非常危险，今年我身边就有同事在这里发生过剐蹭。建议增设隔离护栏或彩色铺装的非机动车道，并在路口增加非机动车待行区。",
        "以上建议，供参考。谢谢！",
        f"{name}",
        "电话：15855216093",
        "地址：龙子湖区大学城学府花园3栋",
    ]
    text = "\n\n".join(paras[:5]) + "\n\n" + "\n".join(paras[5:]) + "\n"
    html = ('<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">'
            + "".join(f"<div>{p}</div><div><br></div>" for p in paras[:5])
            + "".join(f"<div>{p}</div>" for p in paras[5:]))
    boundary = "----=_NextPart_6929C5A6_0B8D2F40_6E1A7B3C"
    headers = [
        f"Return-Path: <{addr}>",
        received("smtpbg.example.com", "203.0.113.119", "4ZkP3G0aYkz2", "09:38:17"),
        "X-QQ-mid: xmsmtpt1795829894t3a9f7c2e1",
        "Message-ID: <tencent_5B2C7E1F0A9D4C3E8F6A1B2C3D4E5F6A7B08@example.com>",
        "X-QQ-XMAILINFO: NwQmKfRcW1dGe7pZb2tJvA3kXyqL0sMh8uOiTnEcDfBg",
        f"From: \"{ews(name, 'utf-8')}\" <{addr}>",
        f"To: \"{ews('mayor-mailbox', 'utf-8')}\" <{CENTER}>",
        f"Subject: {ews(subject, 'utf-8')}",
        "Mime-Version: 1.0",
        f"Content-Type: multipart/alternative;\r\n\tboundary=\"{boundary}\"",
        "Content-Transfer-Encoding: 8Bit",
        f"Date: {date('09:38:14')}",
        "X-Priority: 3",
        "X-QQ-MIME: TCMime 1.0 by Tencent",
        "X-Mailer: QQMail 2.x",
        "X-QQ-Mailer: QQMail 2.x",
    ]
    body = f"This is a multi-part message in MIME format.\r\n\r\n--{boundary}\r\n".encode("ascii")
    body += b"Content-Type: text/plain;\r\n\tcharset=\"utf-8\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
    body += b64(crlf(text).encode("utf-8")) + b"\r\n"
    body += f"--{boundary}\r\n".encode("ascii")
    body += b"Content-Type: text/html;\r\n\tcharset=\"utf-8\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
    body += b64(html.encode("utf-8")) + b"\r\n"
    body += f"--{boundary}--\r\n\r\n".encode("ascii")
    return build(headers, body)


# ---------------------------------------------------------------- 05  Apple Mail, UTF-8 QP (out of scope)

def sample05():
    addr = "wangdeshun@example.net"
    name = "王德顺"
    subject = "关于禹会区人民法院判决不公、强制执行冻结我账户的申诉"
    body = f"""尊敬的市长：

我叫{name}，是禹会区居民。2023年我和同村的李某发生借款纠纷，李某起诉我，禹会区人民法院一审判决我偿还借款本金八万元及利息。这笔钱我早已用现金还给他了，只是当时没有让他写收条，法院不采信我的证人证言，判决明显认定事实错误。我上诉到市中级人民法院，二审维持原判。

今年10月，法院执行局冻结了我的银行卡和工资卡，还把我列入了失信被执行人名单，我现在连高铁票都买不了，孩子上学也受影响。

我已经两次到市信访局反映，信访局的同志说这是司法程序的事情，让我去找法院申请再审，可法院一直不给我答复。我实在没有办法了，恳请市长出面过问，责成法院撤销错误判决、解冻我的账户，还我一个公道。

{name}
电话：13605521472
地址：禹会区张公山街道朝阳新村14栋2单元
"""
    headers = [
        f"Return-Path: <{addr}>",
        received("mail.example.net", "192.0.2.84", "4ZkP4Wm9Ffz6", "10:16:47"),
        f"From: {ews(name, 'utf-8')} <{addr}>",
        "Content-Type: text/plain;\r\n\tcharset=utf-8",
        "Content-Transfer-Encoding: quoted-printable",
        "Mime-Version: 1.0 (Mac OS X Mail 16.0 \\(3826.400.131.1.6\\))",
        f"Subject: {ews(subject, 'utf-8')}",
        "Message-Id: <8E1F3A2B-4C5D-4E6F-9A7B-1C2D3E4F5A6B@example.net>",
        f"Date: {date('10:16:44')}",
        f"To: {CENTER}",
        "X-Mailer: Apple Mail (2.3826.400.131.1.6)",
    ]
    return build(headers, qp(crlf(body).encode("utf-8")))


# ---------------------------------------------------------------- 09  Postfix bounce (DSN)

def sample09():
    qid_orig = "4ZkT9D5rQwz7"
    qid = "4ZkTB01cGpz9"
    boundary = f"{qid}.1795837629/mail.hotline.example"
    rcpt = "wangdeshun@example.net"
    orig_subject = "Re: 关于禹会区人民法院判决不公、强制执行冻结我账户的申诉"
    notification = f"""This is the mail system at host mail.hotline.example.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. It's attached below.

For further assistance, please send mail to postmaster.

If you do so, please include this problem report. You can
delete your own text from the attached returned message.

                   The mail system

<{rcpt}>: host mx1.example.net[192.0.2.25] said: 552 5.2.2
    <{rcpt}>: Recipient address rejected: Mailbox full (in reply to
    RCPT TO command)
"""
    status = f"""Reporting-MTA: dns; mail.hotline.example
X-Postfix-Queue-ID: {qid_orig}
X-Postfix-Sender: rfc822; {CENTER}
Arrival-Date: {date('11:46:58', True)}

Final-Recipient: rfc822; {rcpt}
Original-Recipient: rfc822;{rcpt}
Action: failed
Status: 5.2.2
Remote-MTA: dns; mx1.example.net
Diagnostic-Code: smtp; 552 5.2.2 <{rcpt}>: Recipient address rejected:
    Mailbox full
"""
    orig_headers = f"""Return-Path: <{CENTER}>
Received: by mail.hotline.example (Postfix, from userid 1001)
\tid {qid_orig}; {date('11:46:58', True)}
From: {ews('蚌埠市市长热线服务中心', 'UTF-8')} <{CENTER}>
To: {rcpt}
Subject: {ews(orig_subject, 'UTF-8')}
In-Reply-To: <8E1F3A2B-4C5D-4E6F-9A7B-1C2D3E4F5A6B@example.net>
MIME-Version: 1.0
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: 8bit
Message-Id: <20261128034658.{qid_orig}@mail.hotline.example>
Date: {date('11:46:58', True)}
"""
    headers = [
        "Return-Path: <>",
        f"Received: by mail.hotline.example (Postfix)\r\n\tid {qid}; {date('11:47:09', True)}",
        f"Date: {date('11:47:09', True)}",
        "From: MAILER-DAEMON@mail.hotline.example (Mail Delivery System)",
        "Subject: Undelivered Mail Returned to Sender",
        f"To: {CENTER}",
        "Auto-Submitted: auto-replied",
        "MIME-Version: 1.0",
        f"Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"{boundary}\"",
        "Content-Transfer-Encoding: 8bit",
        f"Message-Id: <20261128034709.{qid}@mail.hotline.example>",
    ]
    body = crlf(f"""This is a MIME-encapsulated message.

--{boundary}
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

{notification}
--{boundary}
Content-Description: Delivery report
Content-Type: message/delivery-status

{status}
--{boundary}
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers

{orig_headers}
--{boundary}--
""").encode("ascii")
    return build(headers, body)


# ---------------------------------------------------------------- 10  iPhone, UTF-8, major emergency

def sample10():
    addr = "mahongmei88@example.com"
    name = "马红梅"
    subject = "紧急！楼道里煤气味很重，怀疑燃气泄漏"
    body = f"""紧急情况！我是蚌山区纬四路东方明珠小区3栋的住户，刚才中午回家，发现3栋1单元楼道里煤气味特别重，二楼到四楼最明显，不知道是哪一家漏气。敲了几家门，有两家没人。

我已经把楼道窗户打开了，不敢开灯也不敢按门铃。请马上通知燃气公司派人来检查处理！

联系人：{name}
电话：13866107253
地址：蚌山区纬四路东方明珠小区3栋1单元

发自我的iPhone
"""
    headers = [
        f"Return-Path: <{addr}>",
        received("smtp.example.com", "198.51.100.17", "4ZkXF33nKtz1", "13:26:55"),
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: base64",
        f"From: {ews(name, 'utf-8')} <{addr}>",
        "Mime-Version: 1.0 (1.0)",
        f"Date: {date('13:26:51')}",
        f"Subject: {ews(subject, 'utf-8')}",
        "Message-Id: <C4D5E6F7-0A1B-4C2D-8E3F-5A6B7C8D9E0F@example.com>",
        f"To: {CENTER}",
        "X-Mailer: iPhone Mail (22B91)",
    ]
    return build(headers, b64(crlf(body).encode("utf-8")))


# ---------------------------------------------------------------- 11  malformed, raw GBK

def sample11():
    addr = "wangzhe_bb@example.cn"
    name = "王喆"                   # 喆 86B4: GBK only
    subject = "求助：邻居赵镕生老人独居，摔伤后无人照料"   # 镕 E946: GBK only
    att_name = "赵镕生老人情况.txt"
    boundary = "----=_Part_4729_1403.1795846206"
    body = f"""您好：

我叫{name}，住在禹会区华堃苑小区7栋。我家对门住着一位八十二岁的老人赵镕生，老伴前年去世了，儿子在上海工作，平时一个人生活。

上周三老人在家里摔了一跤，腿肿得很厉害，现在走路都困难，买菜做饭都成问题。这几天都是我们邻居轮流给他送饭，可我们白天要上班，实在照顾不过来。我给他儿子打过电话，他说最近回不来。

请问社区或者民政部门能不能帮忙安排上门照料或者送餐服务？能不能帮他联系一下医院检查一下腿？老人的具体情况我写在附件里了。

{name}
电话：13705528194
地址：禹会区华堃苑小区7栋2单元401室（老人住402室）
"""
    att = crlf("""赵镕生，男，82岁，独居。
住址：禹会区华堃苑小区7栋2单元402室。
11月25日在家摔倒，左腿肿痛，未去医院。
有高血压，平时吃降压药，药快吃完了。
儿子赵堃在上海工作，电话13917760245。
""").encode("gbk")
    if len(att) % 3 == 0:
        att += b"\r\n"
    att_b64 = b64(att).replace(b"=", b"")      # padding stripped: bad base64
    fname = ew(att_name, "gb2312", codec="gbk")[0]
    headers = [
        f"Return-Path: <{addr}>",
        received("smtp.example.cn", "203.0.113.52", "4ZkYH70pVmz3", "14:03:31"),
        f"Date: {date('14:03:26')}",
        f"From: {name} <{addr}>".encode("gbk"),
        f"To: {CENTER}",
        f"Subject: {subject}".encode("gbk"),
        "Message-ID: <1795846206.4729.1403@example.cn>",
        "MIME-Version: 1.0",
        f"Content-Type: multipart/mixed; boundary=\"{boundary}\"",
    ]
    parts = f"--{boundary}\r\nContent-Type: text/plain; charset=gb2312\r\nContent-Transfer-Encoding: 8bit\r\n\r\n".encode("ascii")
    parts += crlf(body).encode("gbk") + b"\r\n"
    parts += (f"--{boundary}\r\n"
              f"Content-Type: application/octet-stream; name=\"{fname}\"\r\n"
              "Content-Transfer-Encoding: base64\r\n"
              f"Content-Disposition: attachment; filename=\"{fname}\"\r\n\r\n").encode("ascii")
    parts += att_b64                            # ... and no closing --boundary--
    return build(headers, parts)


# ---------------------------------------------------------------- 12  hostile attachment names

def long_name():
    stem = "淮上区沫河口镇农田边夜间偷倒建筑垃圾现场情况说明及渣土车辆出没时间记录"
    filler = "（续）补充说明"
    s = stem
    while len(s) + len(filler) <= 296:
        s += filler
    s += "_" * (296 - len(s))
    assert len(s) + 4 == 300
    return s + ".txt"


def sample12():
    addr = "chenzq@example.net"
    name = "陈志强"
    subject = "举报：淮上区沫河口镇农田边有人夜间偷倒建筑垃圾"
    boundary = "------------Xq3Vb7Tz9Kp2Lm5Nc8Rd1Wf4"
    body = f"""市长信箱：

我要举报有人在淮上区沫河口镇偷倒建筑垃圾。大概从11月初开始，每天夜里十一点以后，就有三四辆没有挂牌照（或者牌照被遮挡）的渣土车，开到沫河口镇前进村村口往东大约五百米的农田边，把建筑垃圾直接倒在地里和沟渠边上，倒完就走。

现在那里已经堆了好几百方，除了碎砖头、水泥块，还有装修垃圾和油漆桶，下雨以后沟里的水都变了颜色，附近村民反映有刺鼻的味道，也担心污染庄稼和地下水。

请城管执法、生态环境等部门尽快查处，查清垃圾来源和运输车辆，责令清运恢复原状。附件是我这几天记录的车辆出没时间和现场情况说明。

举报人：{name}
电话：18955203761
地址：淮上区沫河口镇前进村
"""
    atts = [
        ("../../etc/passwd",
         "车辆出没记录\n11月24日 23:10 两辆渣土车，无牌照，由东往西\n11月25日 23:40 三辆，后斗未覆盖\n11月26日 00:15 一辆，车牌被泥糊住\n",
         "plain"),
        ("CON.txt",
         "现场情况说明\n倾倒地点在前进村村口往东约五百米，北侧为农田，南侧为排水沟。\n垃圾堆长约四十米，高一米多。\n",
         "rfc2231"),
        (long_name(),
         "补充说明\n11月27日白天去现场看过，新倒的垃圾里有几十个油漆桶和沥青块。\n",
         "long"),
    ]
    headers = [
        f"Return-Path: <{addr}>",
        received("mail.example.net", "192.0.2.84", "4ZkZN82wTqz5", "14:55:34"),
        "Message-ID: <3f9c1a2e-7b4d-4c8e-9f1a-2b3c4d5e6f70@example.net>",
        f"Date: {date('14:55:30')}",
        "MIME-Version: 1.0",
        "User-Agent: Mozilla Thunderbird",
        "Content-Language: zh-CN",
        f"To: {CENTER}",
        f"From: {ews(name, 'UTF-8')} <{addr}>",
        f"Subject: {ews(subject, 'UTF-8')}",
        f"Content-Type: multipart/mixed; boundary=\"{boundary}\"",
    ]
    out = f"This is a multi-part message in MIME format.\r\n--{boundary}\r\n".encode("ascii")
    out += b"Content-Type: text/plain; charset=UTF-8; format=flowed\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
    out += crlf(body).encode("utf-8") + b"\r\n"
    for fname, content, style in atts:
        if style == "plain":
            ct = f"Content-Type: text/plain; charset=UTF-8; name=\"{fname}\""
            cd = f"Content-Disposition: attachment; filename=\"{fname}\""
        elif style == "rfc2231":
            ct = "Content-Type: text/plain; charset=UTF-8"
            cd = f"Content-Disposition: attachment; filename*=utf-8''{fname}"
        else:
            ct = "Content-Type: text/plain; charset=UTF-8;\r\n name=\"" + ews(fname, "UTF-8") + "\""
            cd = "Content-Disposition: attachment;\r\n " + rfc2231("filename", fname)
        out += f"--{boundary}\r\n{ct}\r\n{cd}\r\nContent-Transfer-Encoding: base64\r\n\r\n".encode("ascii")
        out += b64(crlf(content).encode("utf-8")) + b"\r\n"
    out += f"--{boundary}--\r\n".encode("ascii")
    return build(headers, out)


# ---------------------------------------------------------------- 13  web-form notification

def sample13():
    citizen = "huangli0521@example.com"
    name = "黄丽"
    title = "市政务服务中心不动产登记窗口工作人员态度恶劣"
    body = f"""市长信箱收到一封新的网上来信，请及时登录后台处理。

网上来信编号：W2026112800157
姓名：{name}
联系电话：13685521907
联系地址：蚌埠市蚌山区南山路南山花苑9栋
电子邮箱：{citizen}
来信类型：批评
标题：{title}
是否公开：否
内容：
11月27日上午十点左右，我到市政务服务中心二楼不动产登记区办理二手房过户。排了一个多小时轮到我，12号窗口的女工作人员看了一眼材料，只说“材料不全，回去补”，问她缺什么，她不耐烦地说“自己看墙上的告知单”，说完就叫下一个号了。

我按告知单补齐了材料下午再去，又被告知还缺一份户籍证明，上午完全可以一次说清楚的。来回跑了两趟，耽误了一天时间。旁边还有一位老人也被她大声呵斥，场面很难看。

希望有关部门加强对窗口工作人员的管理和培训，真正落实一次性告知制度，改进服务态度。

提交时间：2026-11-28 15:38:21

（本邮件由系统自动发送，请勿直接回复。）
"""
    headers = [
        "Return-Path: <noreply@mailbox.hotline.example>",
        "Received: from web1.mailbox.hotline.example (web1.mailbox.hotline.example [10.20.0.11])\r\n"
        f"\tby mx.hotline.example (Postfix) with ESMTP id 4Zkb4R7mHsz2\r\n\tfor <{CENTER}>; {date('15:40:03', True)}",
        f"Date: {date('15:40:02')}",
        f"To: {CENTER}",
        f"From: {ews('市长信箱', 'UTF-8')} <noreply@mailbox.hotline.example>",
        f"Reply-To: {ews(name, 'UTF-8')} <{citizen}>",
        f"Subject: {ews('[市长信箱] 新来信：' + title, 'UTF-8')}",
        "Message-ID: <Yq7Lr2Xb9WcT0eKs4NvA1mHdF3gJ8pZu@mailbox.hotline.example>",
        "X-Mailer: PHPMailer 6.9.1 (https://github.com/PHPMailer/PHPMailer)",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=UTF-8",
        "Content-Transfer-Encoding: base64",
    ]
    return build(headers, b64(crlf(body).encode("utf-8")))


# ---------------------------------------------------------------- 14  old client, GB18030, no Message-ID

def sample14():
    addr = "zhoujh1965@example.cn"
    name = "周建华"
    subject = "投诉：龙子湖区锦湖花园小区暖气不热"
    # '•' (81 36 A6 31) and '²' (81 30 85 35) are four-byte GB18030 sequences: not in GBK.
    body = f"""市长您好：

我是龙子湖区锦湖花园小区的住户，小区是热电厂集中供暖，今年的供暖费2380元（98m²）在10月底就交齐了。从11月15日开始供暖到现在已经两个星期，家里暖气片一直是温的，室内温度只有十三四度，老人和孩子在家都得穿羽绒服。

情况如下：
• 我家在11栋5楼，同单元三楼、六楼的邻居也反映不热；
• 打物业电话，物业说是热力公司的问题；
• 打热力公司客服电话，说会派人来看，等了一个星期也没人来。

请有关部门督促热力公司尽快上门排查，解决暖气不热的问题。如果达不到供暖温度标准，供暖费应该怎么退？

周建华
电话：13856290418
地址：龙子湖区锦湖花园11栋2单元502室
"""
    headers = [
        f"Return-Path: <{addr}>",
        received("smtp.example.cn", "203.0.113.52", "4Zkc9T1sLwz6", "16:32:12", tls=False),
        f"From: \"{ews(name, 'gb18030')}\" <{addr}>",
        f"To: \"mayor-mailbox\" <{CENTER}>",
        f"Subject: {ews(subject, 'gb18030')}",
        f"Date: {date('16:32:08')}",
        "MIME-Version: 1.0",
        "Content-Type: text/plain;\r\n\tcharset=\"gb18030\"",
        "Content-Transfer-Encoding: 8bit",
        "X-Priority: 3",
        "X-Mailer: Foxmail 6, 15, 201, 26 [cn]",
    ]
    return build(headers, crlf(body).encode("gb18030"))


# ---------------------------------------------------------------- main

SAMPLES = [
    ("01-noise-complaint-foxmail-gb2312.eml", sample01),
    ("02-water-outage-outlook-gbk-photo.eml", sample02),
    ("03-provident-fund-consultation-big5.eml", sample03),
    ("04-bus-line-suggestion-qqmail-utf8.eml", sample04),
    ("05-court-judgment-out-of-scope.eml", sample05),
    ("06-noise-complaint-duplicate.eml", sample01),
    ("07-noise-complaint-followup-reply.eml", sample07),
    ("08-auto-reply-out-of-office.eml", sample08),
    ("09-bounce-delivery-status.eml", sample09),
    ("10-gas-leak-major-emergency.eml", sample10),
    ("11-help-elderly-neighbour-malformed-gbk.eml", sample11),
    ("12-dumping-report-hostile-attachment-names.eml", sample12),
    ("13-web-form-criticism-service-window.eml", sample13),
    ("14-heating-complaint-gb18030-no-message-id.eml", sample14),
]


def main():
    repo = Path(__file__).resolve().parent.parent
    outs = [Path(sys.argv[1])] if len(sys.argv) > 1 else [repo / "inbox", repo / "Tests" / "Fixtures" / "sample-inbox"]
    for out in outs:
        out.mkdir(parents=True, exist_ok=True)
    for name, make in SAMPLES:
        data = make()
        assert b"\n" not in data.replace(b"\r\n", b""), name        # CRLF only
        assert max(len(l) for l in data.split(b"\r\n")) <= 998, name
        for out in outs:
            (out / name).write_bytes(data)
        print(f"{name}  {len(data)} bytes")


if __name__ == "__main__":
    main()
