"""Print the URL, the demo accounts and a terminal QR code of the URL."""
import json
import sys

import qrcode


def main(url, accounts_file):
    with open(accounts_file, encoding="utf-8") as fh:
        accounts = json.load(fh)["accounts"]
    print(f"\n电子印章演示已就绪 (ready): {url}\n")
    print("演示账号 (demo accounts) — 短信验证码见登录页提示或 /api/dev/sms-outbox?phone=…")
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


if __name__ == "__main__":
    main(*sys.argv[1:3])
