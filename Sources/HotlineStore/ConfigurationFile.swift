import Foundation
import TOMLKit

/// `hotline.toml` as written: every key optional, snake_case, unknown keys rejected (a typo in a
/// key must not silently fall back to a default). README "Configuration" documents each key.
struct ConfigurationFile: Decodable {
    struct Center: Decodable {
        var name: String?
        var casePrefix: String?
        var timeZone: String?
        var from: String?
        var fromName: String?
        /// 中心负责人, who signs assignment and supervision sheets.
        var head: String?
        /// PEM RSA private key the center signs its forms with.
        var signingKey: String?
        /// The secret behind the HMAC tags of reply addresses and QR codes.
        var formSecretEnv: String?
        var formSecretFile: String?
        /// The mailbox units reply to; the per-case plus-addresses are made from it.
        var replyAddress: String?
        enum CodingKeys: String, CodingKey {
            case name, from, head
            case casePrefix = "case_prefix", timeZone = "time_zone", fromName = "from_name"
            case signingKey = "signing_key", formSecretEnv = "form_secret_env", formSecretFile = "form_secret_file"
            case replyAddress = "reply_address"
        }
    }
    /// The city leader approval sheets go up to.
    struct Approval: Decodable {
        var leaderName: String
        var leaderTitle: String?
        var leaderEmail: String
        enum CodingKeys: String, CodingKey {
            case leaderName = "leader_name", leaderTitle = "leader_title", leaderEmail = "leader_email"
        }
    }
    /// When routine assignments leave (RULES.md §6, twice a day).
    struct Dispatch: Decodable {
        var batchTimes: [String]?
        enum CodingKeys: String, CodingKey {
            case batchTimes = "batch_times"
        }
    }
    /// The clock (issue 11): how the units' 天 counts, the working hours, more calendar years.
    struct Clock: Decodable {
        var unitDay: String?
        var workingHours: [String]?
        var calendar: String?
        var reminderShare: Double?
        var dutyAddress: String?
        var centerHeadAddress: String?
        enum CodingKeys: String, CodingKey {
            case calendar
            case unitDay = "unit_day", workingHours = "working_hours", reminderShare = "reminder_share"
            case dutyAddress = "duty_address", centerHeadAddress = "center_head_address"
        }
    }
    /// One row of the deadline table changed: `[deadlines."unit.complaint"]`.
    struct DeadlineOverride: Decodable {
        var limit: ClockFiles.Amount?
        var unit: String?
        var extendTo: ClockFiles.Amount?
        enum CodingKeys: String, CodingKey {
            case limit, unit
            case extendTo = "extend_to"
        }
    }
    struct Forms: Decodable {
        /// A folder with the clerks' four flat-ODT templates (default: those shipped with hotline).
        var templates: String?
        /// Also write a PDF of each form when LibreOffice is installed (default true).
        var pdf: Bool?
    }
    struct Answers: Decodable {
        /// The folder of standard answers (one TOML file each).
        var folder: String?
    }
    struct Store: Decodable {
        var path: String?
        var attachments: String?
    }
    struct Folder: Decodable {
        var name: String?
        var path: String
        var role: String?
        var processedFolder: String?
        var quarantineFolder: String?
        enum CodingKeys: String, CodingKey {
            case name, path, role
            case processedFolder = "processed_folder", quarantineFolder = "quarantine_folder"
        }
    }
    struct Outbox: Decodable {
        var path: String?
    }
    struct Mailbox: Decodable {
        var name: String
        var role: String?
        var url: String
        var user: String?
        var passwordEnv: String?
        var passwordFile: String?
        var caFile: String?
        var processedFolder: String?
        var quarantineFolder: String?
        enum CodingKeys: String, CodingKey {
            case name, role, url, user
            case passwordEnv = "password_env", passwordFile = "password_file", caFile = "ca_file"
            case processedFolder = "processed_folder", quarantineFolder = "quarantine_folder"
        }
    }
    struct SMTP: Decodable {
        var url: String
        var user: String?
        var passwordEnv: String?
        var passwordFile: String?
        var caFile: String?
        var from: String?
        var ehloName: String?
        enum CodingKeys: String, CodingKey {
            case url, user, from
            case passwordEnv = "password_env", passwordFile = "password_file", caFile = "ca_file", ehloName = "ehlo_name"
        }
    }
    struct Limits: Decodable {
        var maxMessageBytes: Int?
        var maxHeaderBytes: Int?
        var maxDepth: Int?
        var maxParts: Int?
        enum CodingKeys: String, CodingKey {
            case maxMessageBytes = "max_message_bytes", maxHeaderBytes = "max_header_bytes"
            case maxDepth = "max_depth", maxParts = "max_parts"
        }
    }
    struct Rules: Decodable {
        struct OutOfScope: Decodable {
            var category: String
            var keywords: [String]
            var guidance: String
        }
        var outOfScope: [OutOfScope]?
        /// kind (`complaint`…) → keywords; replaces the default list of the kinds given.
        var kinds: [String: [String]]?
        var defaultKind: String?
        /// `major-emergency` / `general-emergency` → keywords.
        var emergencies: [String: [String]]?
        var classByKind: [String: String]?
        var keyMatter: [String]?
        enum CodingKeys: String, CodingKey {
            case kinds, emergencies
            case outOfScope = "out_of_scope", defaultKind = "default_kind", classByKind = "class_by_kind"
            case keyMatter = "key_matter"
        }
    }

    struct Unit: Decodable {
        struct Leader: Decodable {
            var name: String
            var title: String?
            /// Path of the PEM public key the leader signs with.
            var publicKey: String?
            /// Copied on an escalated supervision sheet (round 2).
            var email: String?
            enum CodingKeys: String, CodingKey {
                case name, title, email
                case publicKey = "public_key"
            }
        }
        var code: String
        var name: String
        var tier: Int
        var parent: String?
        var email: String
        var hotlineContact: String?
        var leaderInCharge: Leader?
        var principalLeader: Leader?
        enum CodingKeys: String, CodingKey {
            case code, name, tier, parent, email
            case hotlineContact = "hotline_contact", leaderInCharge = "leader_in_charge", principalLeader = "principal_leader"
        }
    }

    var center: Center?
    var unit: [Unit]?
    var store: Store?
    var folder: [Folder]?
    var outbox: Outbox?
    var mailbox: [Mailbox]?
    var smtp: SMTP?
    var limits: Limits?
    var rules: Rules?
    var approval: Approval?
    var dispatch: Dispatch?
    var clock: Clock?
    var deadlines: [String: DeadlineOverride]?
    var forms: Forms?
    var answers: Answers?

    static func parse(_ text: String) throws -> ConfigurationFile {
        try TOMLDecoder(strictDecoding: true).decode(ConfigurationFile.self, from: text)
    }
}
