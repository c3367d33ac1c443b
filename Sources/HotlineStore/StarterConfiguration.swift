import Foundation

/// The commented `hotline.toml` that `hotline init` writes for a new center (issue 9, item 4): it
/// loads as it is — the embedded default, mail files in `inbox/`, forms and mail into `outbox/`,
/// the clerks' templates in `templates/` — and says, key by key, what to fill in for the servers
/// and the units. README "Configuration" documents every key.
public enum StarterConfiguration {
    public static let text = """
        # hotline.toml — the configuration of one Mayor's Hotline Service Center (written by `hotline init`).
        # As it stands it runs on the embedded default: citizens' mail as .eml files in inbox/, the case
        # store in store/hotline.sqlite, acknowledgements and forms written into outbox/. Paths are
        # relative to this file's folder. Unknown keys are refused, so a typo is an error, not a default.

        [center]
        name = "市长热线服务中心"                # the center's name, on acknowledgements and forms
        head = "中心负责人"                      # 中心负责人: signs assignment and supervision sheets
        case_prefix = "BB"                       # case numbers: BB20261128-0001
        time_zone = "Asia/Shanghai"
        from = "mayor-mailbox@hotline.example"   # acknowledgements come from this address
        from_name = "市长信箱"
        reply_address = "hotline-reply@hotline.example"  # units reply here (per-case plus-addresses)
        # signing_key = "keys/center-signing-key.pem"    # RSA key forms are signed with (default: made in store/keys/)
        # form_secret_file = "keys/form-secret"          # HMAC secret of reply addresses and QR codes (≥ 16 bytes)

        [forms]
        templates = "templates"   # the clerks' copies of the four form templates; leave out to use those shipped with hotline
        pdf = true                # also a PDF of each form when LibreOffice is installed

        [dispatch]
        batch_times = ["11:30", "17:00"]   # routine assignments leave in these batches (RULES §6)

        [clock]
        unit_day = "working-days"          # a unit's 天: working-days or days (README, "The clock")
        working_hours = ["08:30-12:00", "14:00-17:30"]
        # calendar = "calendar-2027.toml"  # next year's days off, when its notice is out (hotline calendar check FILE)
        reminder_share = 0.75              # a unit is reminded (催办) after this share of its limit
        # duty_address = "duty@center.example"        # alerts: a front or back office limit passed, an escalation
        # center_head_address = "head@center.example" # told of each escalation to supervision round 2

        # [deadlines."unit.complaint"]     # a row of the deadline table changed (hotline's data/deadlines.toml)
        # limit = 5

        # [approval]                        # the city leader key-matter approval sheets go up to
        # leader_name = "王市长"
        # leader_title = "副市长"
        # leader_email = "leader@gov.example"

        [[folder]]
        name = "inbox"
        path = "inbox"
        role = "citizen"          # citizen | fax | unit-replies | provincial

        # With mail servers: one [[mailbox]] per IMAP mailbox, and [smtp] for what hotline sends.
        # [[mailbox]]
        # name = "citizens"
        # role = "citizen"
        # url = "imaps://imap.example.gov.cn/INBOX"
        # user = "mayor-mailbox"
        # password_env = "HOTLINE_IMAP_PASSWORD"    # or password_file; never the password itself
        #
        # [smtp]
        # url = "smtp://smtp.example.gov.cn:587"
        # user = "mayor-mailbox"
        # password_env = "HOTLINE_SMTP_PASSWORD"

        # One [[unit]] per government unit forms go to (RULES §1): tier 2, or tier 3 under its parent.
        # [[unit]]
        # code = "WATER"
        # name = "蚌埠市自来水公司"
        # tier = 2
        # email = "hotline@water.example"
        # hotline_contact = "0552-2000001"
        # leader_in_charge = { name = "孙立", title = "副总经理", public_key = "keys/water-sun.pem" }
        # principal_leader = { name = "钱进", title = "总经理", public_key = "keys/water-qian.pem", email = "qian@water.example" }

        """
}
