import Foundation
import HotlineCore
import HotlineMail
import TOMLKit

/// The whole configuration as the program uses it, with the defaults that make the embedded
/// default work with no file at all: `inbox/` in, `store/` for the case store, `outbox/` out.
public struct HotlineConfiguration: Sendable {
    public struct Folder: Sendable, Equatable {
        public var name: String
        public var path: String
        public var role: MailboxRole
        public var processedFolder: String?
        public var quarantineFolder: String
    }

    /// An IMAP mailbox (issue 3). The password itself is read at wiring time, never stored here.
    public struct Mailbox: Sendable, Equatable {
        public var name: String
        public var role: MailboxRole
        public var url: String
        public var user: String
        public var password: Secret
        public var caFile: String?
        public var processedFolder: String
        public var quarantineFolder: String
    }

    /// The SMTP server for everything outgoing (issue 3).
    public struct SMTP: Sendable, Equatable {
        public var url: String
        public var user: String?
        public var password: Secret?
        public var caFile: String?
        public var ehloName: String
    }

    /// Where a password comes from: an environment variable or a file — never the file itself or
    /// the command line.
    public enum Secret: Sendable, Equatable {
        case environment(String)
        case file(String)

        public struct Missing: Error, CustomStringConvertible {
            public var description: String
        }

        /// The password, read now.
        public func read(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
            switch self {
            case .environment(let name):
                guard let v = environment[name], !v.isEmpty else {
                    throw Missing(description: "the password variable \(name) is not set")
                }
                return v
            case .file(let path):
                guard let data = FileManager.default.contents(atPath: path),
                      let v = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .newlines), !v.isEmpty else {
                    throw Missing(description: "cannot read the password file \(path)")
                }
                return v
            }
        }
    }

    public var settings: IntakeSettings
    public var storePath: String
    public var attachmentsPath: String
    public var folders: [Folder]
    public var outboxPath: String
    /// The standard answers (常见问题答复): one TOML file each (`[answers] folder`, default `answers/`).
    public var answersPath: String
    public var mailboxes: [Mailbox]
    public var smtp: SMTP?
    /// The units registry (`[[unit]]`), with each leader's public key read from its file.
    public var units: UnitsRegistry
    public var forms: Forms
    public var clock: ClockSettings

    /// Issuing forms (`[center]` head, keys and reply address; `[approval]`; `[dispatch]`; `[forms]`).
    public struct Forms: Sendable, Equatable {
        public var centerHead: String
        /// The center's RSA private key (PEM file). Created on first use at the default place when
        /// no key is configured, so the embedded default works out of the box.
        public var signingKeyPath: String
        public var signingKeyConfigured: Bool
        /// The HMAC secret: configured, or a file created on first use.
        public var formSecret: Secret?
        public var formSecretDefaultPath: String
        public var replyAddress: String
        public var approvalLeader: FormSettings.Leader?
        public var batchMinutes: [Int]
        /// A clerks' templates folder (`[forms] templates`); nil: the templates shipped with hotline.
        public var templatesPath: String?
        public var pdf: Bool
        /// Where issued forms are written: `<outbox>/forms/<case>/`.
        public var outputPath: String
    }

    /// Everything by default, paths relative to `base`.
    public init(base: String = ".") {
        func at(_ p: String) -> String { (base as NSString).appendingPathComponent(p) }
        settings = IntakeSettings()
        storePath = at("store/hotline.sqlite")
        attachmentsPath = at("store/attachments")
        folders = [Folder(name: "inbox", path: at("inbox"), role: .citizen, processedFolder: at("inbox/processed"),
                          quarantineFolder: at("inbox/quarantine"))]
        outboxPath = at("outbox")
        answersPath = at("answers")
        mailboxes = []
        smtp = nil
        units = UnitsRegistry(units: [])
        forms = Forms(centerHead: "中心负责人", signingKeyPath: at("store/keys/center-signing-key.pem"), signingKeyConfigured: false,
                      formSecret: nil, formSecretDefaultPath: at("store/keys/form-secret"),
                      replyAddress: "hotline-reply@hotline.example", approvalLeader: nil, batchMinutes: [11 * 60 + 30, 17 * 60],
                      templatesPath: nil, pdf: true, outputPath: at("outbox/forms"))
        clock = ClockSettings.shipped
    }

    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    /// Reads `path`; relative paths in it are relative to the file's folder. A missing file at the
    /// default location means "all defaults"; a missing file that was asked for is an error.
    public static func load(path: String, required: Bool) throws -> HotlineConfiguration {
        let base = (path as NSString).deletingLastPathComponent
        guard let data = FileManager.default.contents(atPath: path) else {
            if required { throw Invalid(description: "cannot read configuration file \(path)") }
            return HotlineConfiguration(base: base.isEmpty ? "." : base)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw Invalid(description: "\(path): not UTF-8 text")
        }
        let file: ConfigurationFile
        do {
            file = try ConfigurationFile.parse(text)
        } catch let e as TOMLParseError {
            throw Invalid(description: "\(path): \(e.description) at \(e.source.begin)")
        } catch let e as UnexpectedKeysError {
            let paths = e.keys.map { $0.value.map(\.stringValue) }
            let keys = paths.map { $0.joined(separator: ".") }.sorted().joined(separator: ", ")
            // `[deadlines.unit.complaint]` makes nested tables; the row's name is one quoted key.
            if let nested = paths.first(where: { $0.first == "deadlines" && $0.count >= 3 }) {
                throw Invalid(description: "\(path): unknown keys: \(keys) — write the row's name in quotes: "
                              + "[deadlines.\"\(nested[1]).\(nested[2])\"]")
            }
            throw Invalid(description: "\(path): unknown keys: \(keys)")
        } catch {
            throw Invalid(description: "\(path): \(error)")
        }
        return try HotlineConfiguration(file: file, base: base.isEmpty ? "." : base)
    }

    init(file: ConfigurationFile, base: String) throws {
        self.init(base: base)
        func at(_ p: String) -> String { p.hasPrefix("/") ? p : (base as NSString).appendingPathComponent(p) }
        var s = settings
        if let c = file.center {
            if let v = c.name { s.centerName = v }
            if let v = c.casePrefix {
                guard !v.isEmpty, v.count <= 8, v.allSatisfy({ $0.isASCII && $0.isLetter }) else {
                    throw Invalid(description: "center.case_prefix must be 1–8 ASCII letters, not \"\(v)\"")
                }
                s.casePrefix = v.uppercased()
            }
            if let v = c.timeZone {
                guard let tz = TimeZone(identifier: v) else { throw Invalid(description: "center.time_zone: unknown zone \"\(v)\"") }
                s.timeZone = tz
            }
            if let v = file.smtp?.from ?? c.from { s.fromAddress.address = v }
            if let v = c.fromName { s.fromAddress.name = v }
        } else if let v = file.smtp?.from {
            s.fromAddress.address = v
        }
        s.loopToken = "hotline \(s.fromAddress.address)"
        if let l = file.limits {
            if let v = l.maxMessageBytes { s.maxMessageBytes = v }
            if let v = l.maxHeaderBytes { s.parseLimits.maxHeaderBytes = v }
            if let v = l.maxDepth { s.parseLimits.maxDepth = v }
            if let v = l.maxParts { s.parseLimits.maxParts = v }
        }
        if let r = file.rules { s.rules = try Self.rules(r, defaults: s.rules) }
        settings = s

        if let st = file.store {
            if let p = st.path { storePath = at(p) }
            if let a = st.attachments {
                attachmentsPath = at(a)
            } else if st.path != nil {
                attachmentsPath = ((storePath as NSString).deletingLastPathComponent as NSString).appendingPathComponent("attachments")
            }
        }
        if let fs = file.folder {
            folders = try fs.enumerated().map { i, f in
                let role = try Self.role(f.role, context: "folder[\(i)].role")
                let path = at(f.path)
                return Folder(name: f.name ?? "folder\(i + 1)", path: path, role: role,
                              processedFolder: (f.processedFolder ?? "processed").isEmpty ? nil
                                  : (path as NSString).appendingPathComponent(f.processedFolder ?? "processed"),
                              quarantineFolder: (path as NSString).appendingPathComponent(f.quarantineFolder ?? "quarantine"))
            }
        }
        if let mb = file.mailbox {
            mailboxes = try mb.enumerated().map { i, m in
                let context = "mailbox[\(i)] (\(m.name))"
                guard let user = m.user, !user.isEmpty else { throw Invalid(description: "\(context): user is required") }
                let folders = [m.processedFolder ?? "Processed", m.quarantineFolder ?? "Quarantine"]
                for f in folders where !isPlainMailboxName(f) {
                    throw Invalid(description: "\(context): folder name \"\(f)\" must be plain ASCII")
                }
                return Mailbox(name: m.name, role: try Self.role(m.role, context: "\(context).role"), url: m.url, user: user,
                               password: try Self.secret(env: m.passwordEnv, file: m.passwordFile.map(at), context: context),
                               caFile: m.caFile.map(at), processedFolder: folders[0], quarantineFolder: folders[1])
            }
            guard Set(mailboxes.map(\.name)).count == mailboxes.count else {
                throw Invalid(description: "mailbox names must differ: \(mailboxes.map(\.name).joined(separator: ", "))")
            }
            if file.folder == nil { folders = [] }
        }
        if let us = file.unit {
            units = UnitsRegistry(units: try us.enumerated().map { i, u in
                guard let tier = GovernmentUnit.Tier(rawValue: u.tier) else {
                    throw Invalid(description: "unit[\(i)] (\(u.code)): tier must be 2 or 3, not \(u.tier)")
                }
                func leader(_ l: ConfigurationFile.Unit.Leader?) -> GovernmentUnit.Leader? {
                    guard let l else { return nil }
                    guard let path = l.publicKey.map(at) else {
                        return GovernmentUnit.Leader(name: l.name, title: l.title ?? "", publicKeyPEM: nil, keySource: nil, email: l.email)
                    }
                    let pem = FileManager.default.contents(atPath: path).flatMap { String(data: $0, encoding: .utf8) }
                    return GovernmentUnit.Leader(name: l.name, title: l.title ?? "", publicKeyPEM: pem,
                                       keySource: pem == nil ? "cannot read \(path)" : path, email: l.email)
                }
                return GovernmentUnit(code: u.code, name: u.name, tier: tier, parent: u.parent, email: u.email,
                            hotlineContact: u.hotlineContact, leaderInCharge: leader(u.leaderInCharge),
                            principalLeader: leader(u.principalLeader))
            })
        }
        if let a = file.answers?.folder { answersPath = at(a) }
        if let o = file.outbox?.path {
            outboxPath = at(o)
            forms.outputPath = (outboxPath as NSString).appendingPathComponent("forms")
        }
        try readForms(file, at: at)
        if let sm = file.smtp {
            let secret: Secret? = sm.user == nil ? nil : try Self.secret(env: sm.passwordEnv, file: sm.passwordFile.map(at), context: "smtp")
            smtp = SMTP(url: sm.url, user: sm.user, password: secret, caFile: sm.caFile.map(at),
                        ehloName: sm.ehloName ?? "hotline.localdomain")
        }
    }

    mutating func readForms(_ file: ConfigurationFile, at: (String) -> String) throws {
        if let c = file.center {
            if let h = c.head { forms.centerHead = h }
            if let k = c.signingKey {
                forms.signingKeyPath = at(k)
                forms.signingKeyConfigured = true
            }
            if c.formSecretEnv != nil || c.formSecretFile != nil {
                forms.formSecret = try Self.secret(env: c.formSecretEnv, file: c.formSecretFile.map(at), context: "center form secret")
            }
            if let r = c.replyAddress {
                guard r.split(separator: "@").count == 2, !r.contains("+") else {
                    throw Invalid(description: "center.reply_address must be a plain address without '+', not \"\(r)\"")
                }
                forms.replyAddress = r
            }
        }
        if let a = file.approval {
            guard a.leaderEmail.contains("@") else { throw Invalid(description: "approval.leader_email is not an address") }
            forms.approvalLeader = FormSettings.Leader(name: a.leaderName, title: a.leaderTitle ?? "", email: a.leaderEmail)
        }
        if let times = file.dispatch?.batchTimes {
            forms.batchMinutes = try times.map { t in
                guard let m = DispatchSchedule.minutes(t) else { throw Invalid(description: "dispatch.batch_times: \"\(t)\" is not HH:MM") }
                return m
            }
            guard !forms.batchMinutes.isEmpty else { throw Invalid(description: "dispatch.batch_times needs at least one time") }
        }
        if file.clock != nil || file.deadlines != nil {
            do { clock = try ClockSettings(file.clock, overrides: file.deadlines ?? [:], at: at) } catch let e as ConfigurationProblem {
                throw Invalid(description: e.description)
            } catch let e as CalendarProblem {
                throw Invalid(description: "clock.calendar: \(e)")
            }
        }
        if let f = file.forms {
            if let t = f.templates {
                // A configured folder that is not there is a mistake, never a quiet fall-back.
                let path = at(t)
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                    throw Invalid(description: "forms.templates: no folder at \(path) (leave the setting out to use the templates shipped with hotline)")
                }
                forms.templatesPath = path
            }
            if let p = f.pdf { forms.pdf = p }
        }
    }

    static func secret(env: String?, file: String?, context: String) throws -> Secret {
        switch (env, file) {
        case (let e?, nil): return .environment(e)
        case (nil, let f?): return .file(f)
        case (nil, nil): throw Invalid(description: "\(context): give password_env or password_file (never the password itself)")
        default: throw Invalid(description: "\(context): give password_env or password_file, not both")
        }
    }

    static func role(_ text: String?, context: String) throws -> MailboxRole {
        guard let text else { return .citizen }
        guard let r = MailboxRole(rawValue: text) else {
            throw Invalid(description: "\(context): \"\(text)\" is not one of \(MailboxRole.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return r
    }

    static func rules(_ r: ConfigurationFile.Rules, defaults: IntakeRules) throws -> IntakeRules {
        var out = defaults
        if let oos = r.outOfScope {
            out.outOfScope = oos.map { IntakeRules.OutOfScope(category: $0.category, keywords: $0.keywords, guidance: $0.guidance) }
        }
        if let kinds = r.kinds {
            for (name, words) in kinds {
                guard let kind = MatterKind(rawValue: name) else { throw Invalid(description: "rules.kinds: unknown kind \"\(name)\"") }
                if let i = out.kinds.firstIndex(where: { $0.value == kind }) {
                    out.kinds[i].keywords = words
                } else {
                    out.kinds.append(.init(kind, words))
                }
            }
        }
        if let d = r.defaultKind {
            guard let k = MatterKind(rawValue: d) else { throw Invalid(description: "rules.default_kind: unknown kind \"\(d)\"") }
            out.defaultKind = k
        }
        if let em = r.emergencies {
            for (name, words) in em {
                guard let c = HandlingClass(rawValue: name), c == .majorEmergency || c == .generalEmergency else {
                    throw Invalid(description: "rules.emergencies: \"\(name)\" is not major-emergency or general-emergency")
                }
                if let i = out.emergencies.firstIndex(where: { $0.value == c }) {
                    out.emergencies[i].keywords = words
                } else {
                    out.emergencies.append(.init(c, words))
                }
            }
        }
        if let cbk = r.classByKind {
            for (k, c) in cbk {
                guard let kind = MatterKind(rawValue: k), let cls = HandlingClass(rawValue: c) else {
                    throw Invalid(description: "rules.class_by_kind: \"\(k) = \(c)\" names an unknown kind or class")
                }
                out.classByKind[kind] = cls
            }
        }
        if let km = r.keyMatter { out.keyMatterKeywords = km }
        return out
    }
}
