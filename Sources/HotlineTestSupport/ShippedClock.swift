import Foundation
import HotlineCore
import HotlineStore

extension UnitDeadlines {
    /// The shipped deadline table and calendar in Asia/Shanghai: what the tests count units' limits with.
    public static var shipped: UnitDeadlines {
        // The shipped data is the program's own; a failure here is a defect the clock tests name.
        try! ClockSettings.shipped.unitDeadlines(zone: TimeZone(identifier: "Asia/Shanghai")!)
    }
}
