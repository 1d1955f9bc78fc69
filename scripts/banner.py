"""Print the URL, the demo accounts and a terminal QR code of the URL; warn when the demo is on the LAN."""
import json
import sys

import qrcode

LAN_WARNING = """\
!!! 警告：演示模式已向局域网开放（--demo-on-lan）。同一网络中的任何人都能读取短信验证码
!!! （/api/dev/sms-outbox），并以任何账号登录。只在可信的网络中这样运行，用完即停。
!!! (warning: demo mode is open to the whole network: anyone on it can read the SMS codes and log in
!!! as anyone; run it like this on a trusted network only, and stop it when done)
"""


def main(url, accounts_file, *flags):
    with open(accounts_file, encoding="utf-8") as fh:
        accounts = json.load(fh)["accounts"]
    on_lan = "--demo-on-lan" in flags
    if on_lan:
        print("\n" + LAN_WARNING)
    print(f"\n电子印章演示已就绪 (ready): {url}\n")
    where = "本网络中任何设备" if on_lan else "仅本机"
    print(f"演示账号 (demo accounts) — 短信验证码见登录页提示或 /api/dev/sms-outbox?phone=…（{where}可读）")
    for a in accounts:
        enterprise = a["enterprise"]
        where = f"{enterprise['name']}（{enterprise['type']}，{a['role']}）" if enterprise else "（无企业）"
        verified = "已实名" if a["verified"] else f"未实名，身份证号 {a['id_number']}"
        password = f"，执照密码 {a['licence_password']}" if a["licence_password"] else ""
        print(f"  {a['phone']}  {a['name']}  {where}  {verified}{password}  [{a['case']}]")
    qr = qrcode.QRCode(border=1)
    qr.add_data(url)
    qr.print_ascii(invert=True)
    print(url)
    if on_lan:
        print("\n" + LAN_WARNING)


if __name__ == "__main__":
    main(*sys.argv[1:])
