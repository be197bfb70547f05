/// Minimal stand-ins for the CRDs of the cluster add-ons Drawbridge's manifests use: cert-manager
/// (Issuer, Certificate) and the Prometheus operator (ServiceMonitor, PrometheusRule).
///
/// Exists so the end-to-end tests can `kubectl apply -k config/default` and `config/prometheus` as on
/// a cluster with those add-ons, without vendoring their real CRDs: the names and scope are theirs,
/// the schemas accept anything (`x-kubernetes-preserve-unknown-fields`), so these tests check that
/// the objects are created, not that cert-manager would accept them.
enum AddOnCRDs {
    static let certManager =
        crd(group: "cert-manager.io", kind: "Issuer", plural: "issuers")
        + "---\n"
        + crd(group: "cert-manager.io", kind: "Certificate", plural: "certificates", shortNames: ["cert", "certs"])

    static let prometheusOperator =
        crd(group: "monitoring.coreos.com", kind: "ServiceMonitor", plural: "servicemonitors", shortNames: ["smon"])
        + "---\n"
        + crd(
            group: "monitoring.coreos.com", kind: "PrometheusRule", plural: "prometheusrules", shortNames: ["promrule"])

    /// The CRD names `prometheusOperator` installs, to wait for.
    static let prometheusOperatorNames = [
        "servicemonitors.monitoring.coreos.com", "prometheusrules.monitoring.coreos.com",
    ]

    /// One namespaced CRD serving `v1` with a schema that keeps every field.
    static func crd(group: String, kind: String, plural: String, shortNames: [String] = []) -> String {
        """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: \(plural).\(group)
        spec:
          group: \(group)
          scope: Namespaced
          names:
            kind: \(kind)
            listKind: \(kind)List
            plural: \(plural)
            singular: \(kind.lowercased())
            shortNames: [\(shortNames.joined(separator: ", "))]
          versions:
            - name: v1
              served: true
              storage: true
              schema:
                openAPIV3Schema:
                  type: object
                  x-kubernetes-preserve-unknown-fields: true

        """
    }
}
