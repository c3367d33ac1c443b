import Foundation
import HotlineCore
import HotlineStore

extension Wiring {
    func formDesk(store: any CaseStore) throws -> FormDesk {
        throw WiringError(description: "forms: the ODT renderer is not wired yet")
    }

    func convertToPDF(_ forms: [IssuedForm], folder: FormFolder) -> [String] { [] }
}
