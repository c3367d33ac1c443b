import HotlineXML

/// The font part of `TemplateLint`: every paragraph style must print Chinese in a CJK face.
///
/// A style's Chinese font is the `style:font-name-asian` attribute of its `style:text-properties`
/// (ODF 1.3 Part 3, text formatting properties), found on the style itself, else up its
/// `style:parent-style-name` chain, else on the family's `style:default-style` — the way
/// LibreOffice resolves it. That
/// matters because LibreOffice writes only what a clerk changed: a style that merely sets a size
/// inherits its font, and must not be flagged.
///
/// Only the *asian* font is held to the CJK rule. LibreOffice declares Latin faces such as
/// Liberation Serif in every file it saves; a Western font for the Latin digits of a case number
/// is fine, and flagging every such `style:font-face` would make every clerk's save fail.
enum TemplateFontLint {
    /// Words that mark a font name as a CJK face (Noto … CJK SC, 宋体, SimHei, 方正仿宋 …).
    static let cjkMarkers = [
        "CJK", "SC", "TC", "Song", "Hei", "Kai", "Fang", "Ming", "Sim", "YaHei", "WenQuanYi", "Source Han",
        "宋", "黑", "楷", "仿", "明", "圆", "思源", "雅",
    ]

    static func isCJKFontName(_ name: String) -> Bool {
        cjkMarkers.contains { name.contains($0) }
    }

    private struct StyleInfo {
        let name: String
        let family: String
        let parent: String?
        let asianFont: String?
        let line: Int
    }

    static func problems(_ root: XMLElement) -> [TemplateProblem] {
        var faces: [String: (family: String, line: Int)] = [:]
        for face in root.descendants(localName: "font-face", namespace: ODFNamespace.style) {
            guard let name = face.attribute("name", namespace: ODFNamespace.style) else { continue }
            faces[name] = (face.attribute("font-family", namespace: ODFNamespace.svg) ?? name, face.line)
        }
        var styles: [StyleInfo] = []
        var defaults: [String: StyleInfo] = [:]
        for container in ["styles", "automatic-styles"] {
            for holder in root.childElements(localName: container, namespace: ODFNamespace.office) {
                for element in holder.children where element.namespaceURI == ODFNamespace.style {
                    guard element.localName == "style" || element.localName == "default-style" else { continue }
                    let properties = element.firstChild(localName: "text-properties", namespace: ODFNamespace.style)
                    let info = StyleInfo(
                        name: element.attribute("name", namespace: ODFNamespace.style) ?? "(default)",
                        family: element.attribute("family", namespace: ODFNamespace.style) ?? "",
                        parent: element.attribute("parent-style-name", namespace: ODFNamespace.style),
                        asianFont: properties?.attribute("font-name-asian", namespace: ODFNamespace.style),
                        line: element.line)
                    if element.localName == "default-style" { defaults[info.family] = info } else { styles.append(info) }
                }
            }
        }
        var byName: [String: StyleInfo] = [:]
        for style in styles where byName[style.name] == nil { byName[style.name] = style }

        /// The asian font in effect for `style`, following parents (guarding against loops).
        func effectiveAsianFont(_ style: StyleInfo) -> String? {
            var current: StyleInfo? = style
            var visited = Set<String>()
            while let s = current, visited.insert(s.name).inserted {
                if let font = s.asianFont { return font }
                current = s.parent.flatMap { byName[$0] }
            }
            return defaults[style.family]?.asianFont
        }

        var problems: [TemplateProblem] = []
        var checked: [StyleInfo] = Array(defaults.values).filter { $0.family == "paragraph" || $0.family == "text" }
        checked += styles.filter { $0.family == "paragraph" || $0.family == "text" }
        for style in checked.sorted(by: { $0.line < $1.line }) {
            // A character style that sets no asian font takes its paragraph's: only paragraph
            // styles must resolve to one.
            let font = style.family == "text" ? style.asianFont : (style.asianFont ?? effectiveAsianFont(style))
            guard let font else {
                if style.family == "paragraph" { problems.append(TemplateProblem(.styleWithoutCJKFont, style.name, line: style.line)) }
                continue
            }
            guard style.asianFont != nil else { continue }  // inherited: reported where it is set
            guard let face = faces[font] else {
                problems.append(TemplateProblem(.fontNotCJK, "\(font) (style \(style.name); no such font-face)", line: style.line))
                continue
            }
            if !isCJKFontName(font) && !isCJKFontName(face.family) {
                problems.append(TemplateProblem(.fontNotCJK, "\(font) (style \(style.name))", line: style.line))
            }
        }
        return problems
    }
}
