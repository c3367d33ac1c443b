import Foundation
import HotlineCore

extension CaseEvent {
    /// The event's fields as `hotline case show` prints them, dates in the center's zone.
    public var shown: [String: String] { body.fields(timeZone: TimeZone(identifier: "Asia/Shanghai")!).texts }
}
