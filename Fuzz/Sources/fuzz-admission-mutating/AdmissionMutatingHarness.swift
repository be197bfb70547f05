import FuzzSupport
import AdmissionFuzzing

/// AdmissionReviews POSTed to `/mutate-accessrequests`; the checks are `fuzzAdmission`'s.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAdmissionMutating(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzAdmission(FuzzInput(data, size), as: .mutating)
    return 0
}
