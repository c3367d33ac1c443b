import ArgumentParser
import Foundation
import HotlineCore
import HotlineDocuments

/// `hotline templates check`: lints the flat-ODT form templates a clerk edited.
struct TemplatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "Work with the form templates (the shipped ones, or a [forms] templates folder).",
        subcommands: [Check.self]
    )

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check form templates a clerk edited in LibreOffice (saved as Flat XML ODF, .fodt).",
            discussion: """
                With no FILE, checks the four templates of the configured templates folder (or, with none \
                configured, the templates shipped with hotline). A FILE is checked as the \
                form its name says (approval, assignment, supervision, feedback) unless --kind is given. Finds: unknown \
                or missing fields, fields declared but never shown or shown but never declared, typed {{…}} or \
                full-width ｛｛…｝｝ placeholders, styles without a Chinese (CJK) font, a missing qrcode frame, repeated-row \
                fields outside a table row. Exit status 1 when anything is wrong.
                """
        )

        @OptionGroup var global: GlobalOptions
        @Argument(help: "Template files (default: the four in the templates folder).")
        var files: [String] = []
        @Option(help: "The form a FILE is for, when its name does not say.")
        var kind: FormKind?

        func run() throws {
            let configured = try global.loadConfiguration().forms.templatesPath
            // (where, its bytes if readable, which form)
            var targets: [(String, [UInt8]?, FormKind)] = []
            if files.isEmpty {
                // The configured folder's four, or (nothing configured) the shipped ones the build compiled in.
                let source = configured.map(TemplateSource.folder) ?? .shipped
                targets = FormKind.allCases.map { (source.location($0), try? source.template($0), $0) }
            } else {
                for f in files {
                    let name = (f as NSString).lastPathComponent.lowercased()
                    guard let k = kind ?? FormKind.allCases.first(where: { name.hasPrefix($0.rawValue) }) else {
                        throw ValidationError("\(f): cannot tell which form it is for; give --kind approval|assignment|supervision|feedback")
                    }
                    targets.append((f, FileManager.default.contents(atPath: f).map { [UInt8]($0) }, k))
                }
            }
            var bad = 0
            for (path, bytes, k) in targets {
                guard let bytes else {
                    print("\(path): cannot read")
                    bad += 1
                    continue
                }
                let problems = TemplateLint.check(fodt: bytes, kind: k)
                if problems.isEmpty {
                    print("\(path): ok (\(k.rawValue), \(FormFieldCatalog.catalog(for: k).allFieldNames.count) fields)")
                } else {
                    bad += 1
                    for p in problems { print("\(path):\(p.line): \(p)") }
                }
            }
            if bad > 0 { throw ExitCode(1) }
        }
    }
}

extension FormKind: ExpressibleByArgument {}
