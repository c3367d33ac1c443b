import Foundation

// How much of a unit passed between two instants, and where the working hours are: what a held or
// stopped clock gives back, and when a reminder may go out (issue 11, items 4 and 5). Pure.

extension DeadlineClock {
    /// How many `unit`s passed from `from` to `to` (0 when `to` is not later): calendar minutes or
    /// days; working hours inside the working hours; working days whose close fell in `(from, to]`.
    public func elapsed(_ unit: ClockUnit, from: Date, to: Date) -> Double {
        guard to > from else { return 0 }
        switch unit {
        case .minutes: return to.timeIntervalSince(from) / 60
        case .days: return to.timeIntervalSince(from) / 86_400
        case .workingHours: return workingSeconds(from: from, to: to) / 3_600
        case .workingDays:
            var assumed = Set<Int>()
            let (first, _) = zone.split(from)
            let (last, _) = zone.split(to)
            var n = 0
            var day = first
            while day <= last, day.number - first.number <= Self.maxDays {
                let close = zone.instant(day, second: Double(hours.close))
                if close > from, close <= to, isWorking(day, &assumed) { n += 1 }
                day = day.adding(1)
            }
            return Double(n)
        }
    }

    /// What a stop or hold from `from` to `to` gives back, in `unit`: calendar time as it passed;
    /// working hours as counted; working days as the working time lost in whole working days,
    /// rounded (a day's work lost is a day; a minute across the close is none).
    public func givenBack(_ unit: ClockUnit, from: Date, to: Date) -> Double {
        guard unit == .workingDays else { return elapsed(unit, from: from, to: to) }
        let day = Double(hours.secondsPerDay)
        return (workingSeconds(from: from, to: to) / day).rounded()
    }

    /// The seconds inside working hours between two instants.
    public func workingSeconds(from: Date, to: Date) -> Double {
        guard to > from else { return 0 }
        var assumed = Set<Int>()
        let (first, _) = zone.split(from)
        let (last, _) = zone.split(to)
        var total = 0.0
        var day = first
        while day <= last, day.number - first.number <= Self.maxDays {
            if isWorking(day, &assumed) {
                for p in hours.periods {
                    let a = max(from, zone.instant(day, second: Double(p.start)))
                    let b = min(to, zone.instant(day, second: Double(p.end)))
                    if b > a { total += b.timeIntervalSince(a) }
                }
            }
            day = day.adding(1)
        }
        return total
    }

    /// Whether `instant` is inside the working hours of a working day (a period's end is not).
    public func isWorkingTime(_ instant: Date) -> Bool {
        var assumed = Set<Int>()
        let (day, second) = zone.split(instant)
        guard isWorking(day, &assumed) else { return false }
        return hours.periods.contains { Double($0.start) <= second && second < Double($0.end) }
    }

    /// The first instant at or after `instant` inside working hours.
    public func nextWorkingTime(atOrAfter instant: Date) -> Date? {
        var assumed = Set<Int>()
        var (day, second) = zone.split(instant)
        for _ in 0..<Self.maxDays {
            if isWorking(day, &assumed) {
                for p in hours.periods where second < Double(p.end) {
                    return zone.instant(day, second: max(second, Double(p.start)))
                }
            }
            day = day.adding(1)
            second = 0
        }
        return nil
    }

    /// The working period (start, end) that ends last at or before `instant`, or contains it.
    public func lastWorkingPeriod(atOrBefore instant: Date) -> (start: Date, end: Date)? {
        var assumed = Set<Int>()
        var (day, _) = zone.split(instant)
        for _ in 0..<Self.maxDays {
            if isWorking(day, &assumed) {
                for p in hours.periods.reversed() {
                    let start = zone.instant(day, second: Double(p.start))
                    if start < instant { return (start, min(instant, zone.instant(day, second: Double(p.end)))) }
                }
            }
            day = day.adding(-1)
        }
        return nil
    }
}
