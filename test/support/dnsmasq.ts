/** The real DNS server of the resolver tests: the replicas example's dnsmasq runner (one copy). */
export { Dnsmasq, TEST_DOMAIN, type DnsRecords, type SrvRecord } from "../../examples/replicas/src/dnsmasq.ts";
