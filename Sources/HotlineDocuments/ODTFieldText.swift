import Foundation
import HotlineXML

/// Writing values into ODF text so that they print exactly as given.
///
/// ODF collapses white space in paragraph text (ODF 1.3 Part 3 §6.1.2): a newline is a space,
/// runs of spaces are one space. So a newline becomes `text:line-break` (§6.1.5), a tab
/// `text:tab` (§6.1.4), and the second and later spaces of a run `text:s text:c="n"` (§6.1.3).
enum ODTFieldText {
    /// Replaces the content of `element` (a `text:user-field-get`) with `value`.
    static func write(_ value: String, into element: XMLElement) {
        element.setText("")
        let lines = value.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() {
            if index > 0 { element.appendElement(localName: "line-break", namespace: ODFNamespace.text) }
            appendLine(line, to: element)
        }
    }

    private static func appendLine(_ line: Substring, to element: XMLElement) {
        var pending = ""
        var spaces = 0
        func flushSpaces() {
            guard spaces > 0 else { return }
            pending.append(" ")
            if spaces > 1 {
                element.appendText(pending)
                pending = ""
                let s = element.appendElement(localName: "s", namespace: ODFNamespace.text)
                s.setAttribute("c", namespace: ODFNamespace.text, value: String(spaces - 1))
            }
            spaces = 0
        }
        for character in line {
            switch character {
            case " ":
                spaces += 1
            case "\t":
                flushSpaces()
                element.appendText(pending)
                pending = ""
                element.appendElement(localName: "tab", namespace: ODFNamespace.text)
            default:
                flushSpaces()
                pending.append(character)
            }
        }
        flushSpaces()
        element.appendText(pending)
    }

    /// Puts `bytes` into `image` as `office:binary-data` (ODF 1.3 Part 3 §10.4.5), base64 in
    /// 76-column lines so the flat file still diffs, and drops any `xlink:href` it had.
    static func setBinaryData(_ bytes: [UInt8], of image: XMLElement) {
        let binary = image.firstChild(localName: "binary-data", namespace: ODFNamespace.office)
            ?? image.appendElement(localName: "binary-data", namespace: ODFNamespace.office)
        for name in ["href", "type", "show", "actuate"] { image.removeAttribute(name, namespace: ODFNamespace.xlink) }
        binary.setText(Data(bytes).base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed]))
    }
}
