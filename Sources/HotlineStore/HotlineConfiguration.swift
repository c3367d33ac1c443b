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

    public var settings: IntakeSettings
    public var storePath: String
    public var attachmentsPath: String
    public var folders: [Folder]
    public var outboxPath: String
    /// IMAP mailboxes named in the file (their adapter is issue 3).
    public var mailboxNames: [String]
    public var smtpURL: String?

    /// Everything by default, paths relative to `base`.
    public init(base: String = ".") {
        func at(_ p: String) -> String { (base as NSString).appendingPathComponent(p) }
        settings = IntakeSettings()
        storePath = at("store/hotline.sqlite")
        attachmentsPath = at("store/attachments")
        folders = [Folder(name: "inbox", path: at("inbox"), role: .citizen, processedFolder: at("inbox/processed"),
                          quarantineFolder: at("inbox/quarantine"))]
        outboxPath = at("outbox")
        mailboxNames = []
        smtpURL = nil
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
            let keys = e.keys.map { $0.value.map(\.stringValue).joined(separator: ".") }.sorted().joined(separator: ", ")
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
            for (i, m) in mb.enumerated() { _ = try Self.role(m.role, context: "mailbox[\(i)].role") }
            mailboxNames = mb.map(\.name)
            if file.folder == nil { folders = [] }
        }
        if let o = file.outbox?.path { outboxPath = at(o) }
        smtpURL = file.smtp?.url
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
