/// Tidies case text for the fields of a form: the XSD's `Line` is one line of at most 200
/// characters, never empty.
enum FormText {
    /// One line: whitespace runs (newlines included) become one space, trimmed, cut to `max`; nil when empty.
    static func line(_ s: String?, max: Int = 200) -> String? {
        guard let s else { return nil }
        var out = ""
        var space = false
        for c in s {
            if c.isWhitespace || c.isNewline {
                space = !out.isEmpty
            } else {
                if space { out.append(" ") }
                space = false
                out.append(c)
            }
        }
        if out.count > max { out = String(out.prefix(max - 1)) + "…" }
        return out.isEmpty ? nil : out
    }
}
