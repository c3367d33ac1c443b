import Foundation

/// When routine assignments leave the back office (RULES.md §6, back office: "twice a day, before
/// the morning and the afternoon close; all cleared the same day"); emergencies go at once.
///
/// A form is issued when the clerk assigns; its mail waits in the spool until the next batch time,
/// so a unit gets the morning's routine forms together. Times are wall-clock in the center's zone.
/// Batches run on working days (issue 11): a routine form issued on Saturday, or in the Spring
/// Festival, leaves in the first batch of the next working day, which is when the unit's limit starts.
public struct DispatchSchedule: Sendable, Equatable {
    /// Minutes after midnight, ascending: `[11*60+30, 17*60]` for 11:30 and 17:00.
    public var batchMinutes: [Int]
    public var timeZone: TimeZone
    /// The days batches run on: the working days of this calendar (a year it does not hold: its
    /// weekdays); nil: every day.
    public var workingDays: WorkingCalendar?

    public init(batchMinutes: [Int] = [11 * 60 + 30, 17 * 60], timeZone: TimeZone, workingDays: WorkingCalendar? = nil) {
        self.batchMinutes = batchMinutes.sorted()
        self.timeZone = timeZone
        self.workingDays = workingDays
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

    /// The first batch time at or after `now` on a working day (a form issued at 11:30:00 sharp goes
    /// at 11:30), in the center's zone taken as a fixed offset, as the clock takes it.
    public func nextBatch(after now: Date) -> Date {
        guard !batchMinutes.isEmpty else { return now }
        let local = LocalTime(timeZone)
        var (day, second) = local.split(now)
        for _ in 0..<400 {
            if workingDays.map({ $0.kind(of: day).isWorkingDay }) ?? true {
                if let m = batchMinutes.first(where: { Double($0 * 60) >= second }) { return local.instant(day, second: Double(m * 60)) }
            }
            day = day.adding(1)
            second = 0
        }
        return now
    }
}
