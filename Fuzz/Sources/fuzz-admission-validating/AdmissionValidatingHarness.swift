import FuzzSupport
import AdmissionFuzzing

/// AdmissionReviews POSTed to `/validate-accessrequests`; the checks are `fuzzAdmission`'s.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAdmissionValidating(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzAdmission(FuzzInput(data, size), as: .validating)
    return 0
}
