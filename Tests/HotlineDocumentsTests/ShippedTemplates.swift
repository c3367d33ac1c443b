import Foundation
import HotlineCore

/// The templates in the repository's `templates/`, found from this file's path so the tests run
/// from any working directory.
enum ShippedTemplates {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("templates", isDirectory: true)

    static func bytes(_ kind: FormKind) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(kind.templateFileName)))
    }

    static func text(_ kind: FormKind) throws -> String {
        String(decoding: try bytes(kind), as: UTF8.self)
    }
}
