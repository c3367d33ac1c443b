/// An amount of a limit as hotline writes it everywhere — the rule text, the form's XML and ODT,
/// `hotline clock add` — once: `5`, `1.5`, `0.25`; never an exponent, never a trailing point.
/// Limits are bounded when the table loads (`DeadlineRules.maximum`, two decimal places), so any
/// amount that reaches a form is written exactly.
public enum ClockAmount {
    public static func text(_ v: Double) -> String {
        guard v.isFinite, abs(v) < 1e15 else { return String(v) }
        var s = String(format: "%.2f", v)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}
