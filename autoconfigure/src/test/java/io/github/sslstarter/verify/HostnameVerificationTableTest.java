package io.github.sslstarter.verify;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.github.sslstarter.test.KeyType;
import io.github.sslstarter.test.TestCertificate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scheme rules as a table: each row is a certificate (by its names), a host, and the expected
 * outcome under each predefined scheme, written from the rules in DESIGN.md section 6, not
 * computed. Columns: D default, H http, R rfc2818, L ldap, S smtp, G gist, P sip, N none; every
 * alias of a scheme is checked with its scheme's column.
 */
class HostnameVerificationTableTest {

	// scheme columns, in order, with the aliases that share each column
	private static final List<List<String>> COLUMNS = List.of(List.of("default"), List.of("http", "www"),
			List.of("rfc2818", "xmpp", "ftp"), List.of("ldap"),
			List.of("smtp", "imap", "pop3", "acap", "nntp", "netconf", "syslog", "snmp"), List.of("gist", "strict", "rfc6125"),
			List.of("sip"), List.of("none"));

	// certificate | host | D H R L S G P N (G: gist, and strict, the default, whose rules are the same) (G: gist, and strict, the default, whose rules are the same)
	private static final String TABLE = """
			# exact dNSName
			DNS:www.example.org                          | www.example.org              | Y Y Y Y Y Y Y Y
			DNS:www.example.org                          | WWW.EXAMPLE.ORG              | Y Y Y Y Y Y Y Y
			DNS:www.example.org                          | www.example.org.             | Y Y Y Y Y Y Y Y
			DNS:www.example.org.                         | www.example.org              | Y Y Y Y Y Y Y Y
			DNS:Www.Example.Org                          | www.example.org              | Y Y Y Y Y Y Y Y
			DNS:www.example.org                          | example.org                  | N N N N N N N Y
			DNS:www.example.org                          | www.example.org..            | N N N N N N N Y
			DNS:www.example.org                          | .www.example.org             | N N N N N N N Y
			DNS:www.example.org                          | www.example.org.evil.com     | N N N N N N N Y
			DNS:www.example.org                          | <empty>                      | N N N N N N N Y
			DNS:www.example.org                          | www.example.org/evil         | N N N N N N N Y
			DNS:www.example.org                          | www example.org              | N N N N N N N Y
			DNS:_sip.example.org                         | _SIP.Example.org             | Y Y Y Y Y Y Y Y
			DNS:a.example.org; DNS:b.example.org         | b.example.org                | Y Y Y Y Y Y Y Y
			DNS:a.example.org; DNS:b.example.org         | c.example.org                | N N N N N N N Y
			# wildcard as the whole leftmost label
			DNS:*.example.org                            | www.example.org              | Y Y Y Y Y Y N Y
			DNS:*.example.org                            | WWW.Example.ORG.             | Y Y Y Y Y Y N Y
			DNS:*.example.org                            | a.b.example.org              | N N N N N N N Y
			DNS:*.example.org                            | example.org                  | N N N N N N N Y
			DNS:*.example.org                            | .example.org                 | N N N N N N N Y
			DNS:*.example.org                            | *.example.org                | N N N N N N N Y
			DNS:*.example.org                            | www.example.net              | N N N N N N N Y
			DNS:*.example.org                            | xn--bcher-kva.example.org    | Y Y Y Y Y Y N Y
			DNS:*.example.org                            | bücher.example.org           | Y Y Y Y Y Y N Y
			DNS:*.example.org                            | ☃.example.org                | Y Y Y Y Y Y N Y
			DNS:a.example.org; DNS:*.c.example.org       | x.c.example.org              | Y Y Y Y Y Y N Y
			DNS:a.example.org; DNS:*.c.example.org       | c.example.org                | N N N N N N N Y
			# partial wildcard in the leftmost label
			DNS:w*.example.org                           | www.example.org              | Y Y Y N N N N Y
			DNS:w*.example.org                           | w.example.org                | N N N N N N N Y
			DNS:w*.example.org                           | www.sub.example.org          | N N N N N N N Y
			DNS:w*.example.org                           | xyz.example.org              | N N N N N N N Y
			DNS:*w.example.org                           | aw.example.org               | Y Y Y N N N N Y
			DNS:*w.example.org                           | wa.example.org               | N N N N N N N Y
			DNS:f*o.example.org                          | foo.example.org              | Y Y Y N N N N Y
			DNS:f*o.example.org                          | FOOO.example.org             | Y Y Y N N N N Y
			DNS:f*o.example.org                          | fo.example.org               | N N N N N N N Y
			DNS:x*.example.org                           | xn--bcher-kva.example.org    | N N N N N N N Y
			DNS:x*.example.org                           | xylophone.example.org        | Y Y Y N N N N Y
			DNS:*a.example.org                           | bücher-a.example.org         | N N N N N N N Y
			DNS:*n--bcher-kva.example.org                | xn--bcher-kva.example.org    | N N N N N N N Y
			# malformed wildcards match nothing
			DNS:*.*.example.org                          | a.b.example.org              | N N N N N N N Y
			DNS:www.*.example.org                        | www.a.example.org            | N N N N N N N Y
			DNS:**.example.org                           | ab.example.org               | N N N N N N N Y
			DNS:*w*.example.org                          | awb.example.org              | N N N N N N N Y
			DNS:*                                        | localhost                    | N N N N N N N Y
			DNS:*.                                       | localhost                    | N N N N N N N Y
			# wildcards may not cover a public suffix (ICANN section)
			DNS:*.com                                    | example.com                  | N N N N N N N Y
			DNS:*.co.uk                                  | example.co.uk                | N N N N N N N Y
			DNS:w*.co.uk                                 | www.co.uk                    | N N N N N N N Y
			DNS:*.example.co.uk                          | www.example.co.uk            | Y Y Y Y Y Y N Y
			DNS:*.localhost                              | foo.localhost                | N N N N N N N Y
			DNS:*.foo.ck                                 | www.foo.ck                   | N N N N N N N Y
			DNS:*.www.ck                                 | a.www.ck                     | Y Y Y Y Y Y N Y
			DNS:*.xn--55qx5d.cn                          | foo.xn--55qx5d.cn            | N N N N N N N Y
			DNS:*.xn--55qx5d.cn                          | foo.公司.cn                   | N N N N N N N Y
			DNS:*.foo.kawasaki.jp                        | a.foo.kawasaki.jp            | N N N N N N N Y
			DNS:*.city.kawasaki.jp                       | a.city.kawasaki.jp           | Y Y Y Y Y Y N Y
			# github.io is in the PRIVATE section: a wildcard under it is allowed (GitHub holds *.github.io)
			DNS:*.github.io                              | foo.github.io                | Y Y Y Y Y Y N Y
			DNS:*.github.io                              | github.io                    | N N N N N N N Y
			# common name, alone or with subjectAltNames
			CN=www.example.org                           | www.example.org              | Y Y Y Y Y Y Y Y
			CN=WWW.example.org.                          | www.example.org              | Y Y Y Y Y Y Y Y
			CN=www.example.org                           | other.example.org            | N N N N N N N Y
			CN=www.example.org; DNS:other.example.org    | www.example.org              | Y N N Y Y N Y Y
			CN=www.example.org; DNS:other.example.org    | other.example.org            | Y Y Y Y Y Y Y Y
			CN=www.example.org; IP:10.0.0.1              | www.example.org              | Y Y Y Y Y Y Y Y
			CN=www.example.org; EMAIL:a@example.org      | www.example.org              | Y Y Y Y Y Y Y Y
			CN=*.example.org                             | www.example.org              | Y Y Y N Y Y N Y
			CN=*.example.org                             | a.b.example.org              | N N N N N N N Y
			CN=w*.example.org                            | www.example.org              | Y Y Y N N N N Y
			CN=*.co.uk                                   | example.co.uk                | N N N N N N N Y
			CN=*.example.org; DNS:other.example.org      | www.example.org              | Y N N N Y N N Y
			CN=w*.example.org; DNS:other.example.org     | www.example.org              | Y N N N N N N Y
			CN=*.example.org; DNS:*.example.net          | www.example.net              | Y Y Y Y Y Y N Y
			CN=*.example.org; DNS:*.example.net          | www.example.org              | Y N N N Y N N Y
			CN=*.example.org; DNS:www.example.net        | www.example.org              | Y N N N Y N N Y
			# NUL bytes
			CN=www.example.org\0.evil.com                | www.example.org              | N N N N N N N Y
			CN=www.example.org\0.evil.com                | www.example.org\0.evil.com   | N N N N N N N Y
			DNS:www.example.org\0.evil.com               | www.example.org              | N N N N N N N Y
			DNS:www.example.org                          | www.example.org\0            | N N N N N N N Y
			DNS:www.example.org                          | www.example.org\0.evil.com   | N N N N N N N Y
			# Unicode hosts are compared in punycode
			DNS:xn--bcher-kva.example.org                | bücher.example.org           | Y Y Y Y Y Y Y Y
			DNS:xn--bcher-kva.example.org                | BÜCHER.example.org           | Y Y Y Y Y Y Y Y
			DNS:xn--bcher-kva.example.org                | xn--bcher-kva.EXAMPLE.org    | Y Y Y Y Y Y Y Y
			DNS:xn--bcher-kva.example.org                | bucher.example.org           | N N N N N N N Y
			DNS:www.example.org                          | ｗｗｗ.example.org              | Y Y Y Y Y Y Y Y
			DNS:www.example.org                          | www。example。org               | Y Y Y Y Y Y Y Y
			DNS:www.example.org                          | www.example.org\u2044x       | N N N N N N N Y
			DNS:www.example.org                          | ww\u200Bw.example.org        | Y Y Y Y Y Y Y Y
			# IPv4 identities
			IP:127.0.0.1                                 | 127.0.0.1                    | Y Y Y Y Y Y Y Y
			IP:127.0.0.1                                 | 127.0.0.2                    | N N N N N N N Y
			IP:127.0.0.1                                 | 127.1                        | N N N N N N N Y
			IP:127.0.0.1                                 | 127.0.0.1.                   | N N N N N N N Y
			IP:127.0.0.1                                 | 127.000.000.001              | N N N N N N N Y
			IP:127.0.0.1                                 | 0x7f.0.0.1                   | N N N N N N N Y
			IP:127.0.0.1                                 | 2130706433                   | N N N N N N N Y
			IP:127.0.0.1                                 | ::ffff:127.0.0.1             | N N N N N N N Y
			IP:127.0.0.1                                 | ::1                          | N N N N N N N Y
			IP:127.0.0.1                                 | １２７.0.0.1                  | N N N N N N N Y
			IP:127.0.0.1                                 | [127.0.0.1]                  | N N N N N N N Y
			IP:1.2.3.4                                   | 1.2.3                        | N N N N N N N Y
			IP:1.2.3.4                                   | 1.2.3.4.5                    | N N N N N N N Y
			IP:1.2.3.4; DNS:www.example.org              | 1.2.3.4                      | Y Y Y Y Y Y Y Y
			IP:1.2.3.4; DNS:www.example.org              | www.example.org              | Y Y Y Y Y Y Y Y
			DNS:12345.6                                  | 12345.6                      | N N N N N N N Y
			DNS:127.0.0.1                                | 127.0.0.1                    | N N N N N N N Y
			DNS:foo.123                                  | foo.123                      | N N N N N N N Y
			CN=1.2.3.4                                   | 1.2.3.4                      | Y Y N N N N N Y
			CN=1.2.3.4                                   | 1.2.3.256                    | N N N N N N N Y
			CN=1.2.3.4                                   | 1.2.3.5                      | N N N N N N N Y
			CN=1.2.3.4; DNS:www.example.org              | 1.2.3.4                      | Y N N N N N N Y
			CN=10.0.0.1; IP:127.0.0.1                    | 10.0.0.1                     | Y Y N N N N N Y
			CN=10.0.0.1; IP:127.0.0.1                    | 127.0.0.1                    | Y Y Y Y Y Y Y Y
			CN=www.example.org                           | 1.2.3.4                      | N N N N N N N Y
			# IPv6 identities, in any textual form
			IP:::1                                       | ::1                          | Y Y Y Y Y Y Y Y
			IP:::1                                       | 0:0:0:0:0:0:0:1              | Y Y Y Y Y Y Y Y
			IP:::1                                       | 0000:0000:0000:0000:0000:0000:0000:0001 | Y Y Y Y Y Y Y Y
			IP:::1                                       | ::0:1                        | Y Y Y Y Y Y Y Y
			IP:::1                                       | [::1]                        | Y Y Y Y Y Y Y Y
			IP:::1                                       | [::1                         | N N N N N N N Y
			IP:::1                                       | ::2                          | N N N N N N N Y
			IP:::1                                       | 127.0.0.1                    | N N N N N N N Y
			IP:::1                                       | ::1%lo                       | N N N N N N N Y
			IP:::1                                       | :::1                         | N N N N N N N Y
			IP:::1                                       | 0:0:0:0:0:0:0:0:1            | N N N N N N N Y
			IP:2001:db8::1                               | 2001:DB8:0:0:0:0:0:1         | Y Y Y Y Y Y Y Y
			IP:2001:db8::1                               | 2001:db8::0:1                | Y Y Y Y Y Y Y Y
			IP:2001:db8::1                               | 2001:db8::1::                | N N N N N N N Y
			IP:2001:db8::1                               | 2001:db8::10000              | N N N N N N N Y
			IP:2001:db8::102:304                         | 2001:db8::1.2.3.4            | Y Y Y Y Y Y Y Y
			IP:2001:db8::102:304                         | 2001:db8::1.2.3.256          | N N N N N N N Y
			CN=::1                                       | ::1                          | Y N N N N N N Y
			CN=::1                                       | 0:0:0:0:0:0:0:1              | Y N N N N N N Y
			CN=::1                                       | ::2                          | N N N N N N N Y
			CN=::1; DNS:www.example.org                  | ::1                          | Y N N N N N N Y
			""";

	static Stream<Arguments> cases() {
		List<Arguments> cases = new ArrayList<>();
		for (String line : TABLE.split("\n")) {
			if (line.isBlank() || line.strip().startsWith("#")) {
				continue;
			}
			String[] columns = line.split("\\|");
			String certificate = columns[0].strip();
			String host = columns[1].strip().replace("\\u2044", "\u2044").replace("\\u200B", "\u200B");
			if (host.equals("<empty>")) {
				host = "";
			}
			String[] expected = columns[2].strip().split("\\s+");
			assertThat(expected).as("columns of " + line).hasSize(COLUMNS.size());
			for (int column = 0; column < COLUMNS.size(); column++) {
				for (String scheme : COLUMNS.get(column)) {
					cases.add(Arguments.of(certificate, host, scheme, expected[column].equals("Y")));
				}
			}
		}
		return cases.stream();
	}

	@ParameterizedTest(name = "[{index}] {2}: {1} against {0} -> {3}")
	@MethodSource("cases")
	void matchesByTheRules(String certificate, String host, String scheme, boolean expected) {
		X509Certificate cert = certificate(certificate);
		HostnameMatch match = HostnameVerification.verify(host, cert, HostnameScheme.named(scheme));
		assertThat(match.matched()).as(match.describe()).isEqualTo(expected);
	}

	private static final TestCertificate ca = TestCertificate.authority("sslstarter test CA");

	// one key for every row: only the names differ
	private static final KeyPair keys = KeyType.EC_P256.generate();

	private static final Map<String, X509Certificate> certificates = new ConcurrentHashMap<>();

	// a row's certificate, "CN=name; DNS:name; IP:address; EMAIL:address", made once
	private static X509Certificate certificate(String names) {
		return certificates.computeIfAbsent(names, (row) -> {
			TestCertificate.Builder certificate = TestCertificate.builder().keyPair(keys).signedBy(ca);
			for (String part : row.split(";")) {
				String name = part.strip();
				if (name.startsWith("CN=")) {
					certificate.commonName(name.substring(3));
				}
				else if (!name.isEmpty()) {
					certificate.subjectAltNames(name);
				}
			}
			return certificate.build().certificate();
		});
	}

	@Test
	void tableHasAtLeastThreeHundredCasesWithoutCountingAliases() {
		long rows = TABLE.lines().filter((line) -> !line.isBlank() && !line.strip().startsWith("#")).count();
		assertThat(rows * COLUMNS.size()).isGreaterThanOrEqualTo(300);
	}

	@Test
	void everyPredefinedSchemeHasAColumn() {
		assertThat(COLUMNS.stream().flatMap(List::stream).toList()).containsExactlyInAnyOrderElementsOf(
				HostnameScheme.names());
	}

	@Test
	void aliasesShareTheirSchemesSettings() {
		Map<String, String> aliases = Map.of("www", "http", "xmpp", "rfc2818", "ftp", "rfc2818", "imap", "smtp",
				"snmp", "smtp");
		aliases.forEach((alias, scheme) -> {
			HostnameScheme a = HostnameScheme.named(alias);
			HostnameScheme s = HostnameScheme.named(scheme);
			assertThat(List.of(a.commonName(), a.sanWildcards(), a.cnWildcards(), a.ipInCommonName()))
				.isEqualTo(List.of(s.commonName(), s.sanWildcards(), s.cnWildcards(), s.ipInCommonName()));
		});
	}

}
