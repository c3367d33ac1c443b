import Foundation

/// When routine assignments leave the back office (RULES.md §6, back office: "twice a day, before
/// the morning and the afternoon close; all cleared the same day"); emergencies go at once.
///
/// A form is issued when the clerk assigns; its mail waits in the spool until the next batch time,
/// so a unit gets the morning's routine forms together. Times are wall-clock in the center's zone.
public struct DispatchSchedule: Sendable, Equatable {
    /// Minutes after midnight, ascending: `[11*60+30, 17*60]` for 11:30 and 17:00.
    public var batchMinutes: [Int]
    public var timeZone: TimeZone

    public init(batchMinutes: [Int] = [11 * 60 + 30, 17 * 60], timeZone: TimeZone) {
        self.batchMinutes = batchMinutes.sorted()
        self.timeZone = timeZone
    }

    /// Parses `"11:30"` to minutes after midnight.
    public static func minutes(_ text: String) -> Int? {
        let parts = text.split(separator: ":")
        guard parts.count == 2, parts[0].count <= 2, parts[1].count == 2,
              let h = Int(parts[0]), let m = Int(parts[1]), (0..<24).contains(h), (0..<60).contains(m) else { return nil }
        return h * 60 + m
    }

    /// When a form issued at `now` goes out: at once for emergencies, else the next batch time
    /// (today's if it is still ahead, else tomorrow's first).
    public func sendAt(handlingClass: HandlingClass, now: Date) -> Date {
        switch handlingClass {
        case .generalEmergency, .majorEmergency: return now
        case .routine, .complex: return nextBatch(after: now)
        }
    }

    /// The first batch time at or after `now` (a form issued at 11:30:00 sharp goes at 11:30). Wall-clock
    /// times, so a daylight-saving change in a configured zone does not shift the batches.
    public func nextBatch(after now: Date) -> Date {
        guard let first = batchMinutes.first else { return now }
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = timeZone
        func at(_ m: Int, on day: Date) -> Date? { cal.date(bySettingHour: m / 60, minute: m % 60, second: 0, of: day) }
        for m in batchMinutes {
            if let t = at(m, on: now), t >= now { return t }
        }
        let tomorrow = cal.date(byAdding: .day, value: 1, to: cal.startOfDay(for: now)) ?? now.addingTimeInterval(86_400)
        return at(first, on: tomorrow) ?? tomorrow
    }
}
