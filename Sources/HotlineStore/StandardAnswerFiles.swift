import Foundation
import HotlineCore
import TOMLKit

/// The standard answers as a clerk keeps them (issue 12, item 1): a folder with one TOML file per
/// answer, named for its id —
///
///     title = "离职后提取住房公积金"
///     keywords = ["公积金", "公積金", "提取", "离职"]
///     policy = "《蚌埠市住房公积金提取管理办法》（蚌公积金〔2021〕5号）"
///     text = """
///     您咨询的离职后提取住房公积金……
///     """
///
/// An unknown key, a missing title or text, or a file that is not TOML is refused with the file's name.
public enum StandardAnswerFiles {
    struct File: Decodable {
        var title: String
        var keywords: [String]
        var policy: String?
        var text: String
    }

    /// Every `*.toml` of `folder`; an absent folder is an empty library.
    public static func load(folder: String) throws(ConfigurationProblem) -> StandardAnswers {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return StandardAnswers([]) }
        var answers: [StandardAnswer] = []
        for name in names.sorted() where name.hasSuffix(".toml") {
            let path = (folder as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw ConfigurationProblem("\(path): cannot read")
            }
            let f: File
            do { f = try TOMLDecoder(strictDecoding: true).decode(File.self, from: text) } catch {
                throw ConfigurationProblem("\(path): \(error)")
            }
            guard !f.title.trimmingCharacters(in: .whitespaces).isEmpty, !f.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw ConfigurationProblem("\(path): title and text must not be empty")
            }
            answers.append(StandardAnswer(id: String(name.dropLast(5)), title: f.title, keywords: f.keywords, policy: f.policy, text: f.text))
        }
        return StandardAnswers(answers)
    }
}
