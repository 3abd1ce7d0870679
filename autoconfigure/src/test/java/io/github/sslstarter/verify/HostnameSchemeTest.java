package io.github.sslstarter.verify;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.sslstarter.test.TestCertificate;

import io.github.sslstarter.verify.HostnameScheme.CommonName;
import io.github.sslstarter.verify.HostnameScheme.IpInCommonName;
import io.github.sslstarter.verify.HostnameScheme.Wildcards;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class HostnameSchemeTest {

	private static final TestCertificate ca = TestCertificate.authority("sslstarter test CA");

	// a certificate of the test CA with that CN (if any) and those subjectAltNames
	private static X509Certificate certificate(String commonName, String... subjectAltNames) {
		TestCertificate.Builder certificate = TestCertificate.builder().subjectAltNames(subjectAltNames).signedBy(ca);
		return ((commonName != null) ? certificate.commonName(commonName) : certificate).build().certificate();
	}

	@Test
	void resolvesNamesCaseInsensitively() {
		assertThat(HostnameScheme.named("IMAP").sanWildcards()).isEqualTo(Wildcards.FULL_LABEL);
		assertThat(HostnameScheme.named(" Www ").ipInCommonName()).isEqualTo(IpInCommonName.IPV4);
	}

	@Test
	void blankNameMeansStrict() {
		assertThat(HostnameScheme.named(null)).isSameAs(HostnameScheme.STRICT);
		assertThat(HostnameScheme.named(" ")).isSameAs(HostnameScheme.STRICT);
		assertThat(HostnameScheme.named("default")).isSameAs(HostnameScheme.DEFAULT);
	}

	@Test
	void unknownNameListsTheKnownOnes() {
		assertThatIllegalArgumentException().isThrownBy(() -> HostnameScheme.named("https"))
			.withMessageContaining("'https'")
			.withMessageContaining("rfc2818")
			.withMessageContaining("netconf");
	}

	@Test
	void namesListsEverySchemeAndAlias() {
		assertThat(HostnameScheme.names()).containsExactly("strict", "rfc6125", "default", "http", "www", "rfc2818", "xmpp", "ftp", "ldap",
				"smtp", "imap", "pop3", "acap", "nntp", "netconf", "syslog", "snmp", "gist", "sip", "none");
	}

	@Test
	void onlyNoneChecksNothing() {
		assertThat(HostnameScheme.NONE.checksNothing()).isTrue();
		assertThat(HostnameScheme.named("sip").checksNothing()).isFalse();
		assertThat(HostnameScheme.custom(CommonName.NEVER, Wildcards.NONE, Wildcards.NONE, IpInCommonName.NONE)
			.checksNothing()).isFalse();
	}

	@Test
	void customSchemeWithoutCommonNameIgnoresTheCommonName() {
		X509Certificate certificate = certificate("www.example.org");
		HostnameScheme scheme = HostnameScheme.custom(CommonName.NEVER, Wildcards.ANYWHERE, Wildcards.ANYWHERE,
				IpInCommonName.ANY);
		assertThat(HostnameVerification.verify("www.example.org", certificate, scheme).matched()).isFalse();
	}

	@Test
	void customSchemeAppliesItsWildcardSettings() {
		X509Certificate certificate = certificate(null, "DNS:w*.example.org");
		HostnameScheme anywhere = HostnameScheme.custom(CommonName.NEVER, Wildcards.ANYWHERE, Wildcards.NONE,
				IpInCommonName.NONE);
		HostnameScheme fullLabel = HostnameScheme.custom(CommonName.NEVER, Wildcards.FULL_LABEL, Wildcards.NONE,
				IpInCommonName.NONE);
		assertThat(HostnameVerification.verify("www.example.org", certificate, anywhere).matched()).isTrue();
		assertThat(HostnameVerification.verify("www.example.org", certificate, fullLabel).matched()).isFalse();
	}

	@Test
	void callbackReceivesHostCommonNameAndTypedAltNames() {
		X509Certificate certificate = certificate("cb.example.org", "DNS:a.example.org", "IP:127.0.0.1",
				"EMAIL:ops@example.org", "URI:https://example.org/");
		List<Object> seen = new ArrayList<>();
		HostnameScheme scheme = HostnameScheme.custom("mine", (host, commonName, altNames) -> {
			seen.add(host);
			seen.add(commonName);
			seen.add(altNames);
			return host.equals("Anything");
		});
		HostnameMatch match = HostnameVerification.verify("Anything", certificate, scheme);
		assertThat(match.matched()).isTrue();
		assertThat(match.scheme()).isEqualTo("mine");
		assertThat(seen).containsExactly("Anything", "cb.example.org",
				List.of(new SubjectAltName(SubjectAltName.Type.DNS, "a.example.org"),
						new SubjectAltName(SubjectAltName.Type.IP, "127.0.0.1"),
						new SubjectAltName(SubjectAltName.Type.EMAIL, "ops@example.org"),
						new SubjectAltName(SubjectAltName.Type.URI, "https://example.org/")));
		assertThat(HostnameVerification.verify("other", certificate, scheme).matched()).isFalse();
	}

	@Test
	void mismatchDescriptionNamesWhatTheCertificateCarries() {
		X509Certificate certificate = certificate("cn.example.org", "DNS:a.example.org", "IP:10.1.2.3");
		HostnameMatch match = HostnameVerification.verify("b.example.org", certificate, "http");
		assertThat(match.matched()).isFalse();
		assertThat(match.presentedNames()).containsExactly("a.example.org", "10.1.2.3", "CN=cn.example.org");
		assertThat(match.describe()).contains("'b.example.org' does not match", "scheme http", "a.example.org",
				"10.1.2.3", "cn.example.org");
	}

	@Test
	void lastCommonNameIsTheOneChecked() {
		// encoded in the order first, second: a distinguished name string names the last-encoded RDN first
		X509Certificate certificate = TestCertificate.builder()
			.subject("CN=second.example.org, CN=first.example.org")
			.signedBy(ca)
			.build()
			.certificate();
		assertThat(HostnameVerification.verify("second.example.org", certificate, "default").matched()).isTrue();
		assertThat(HostnameVerification.verify("first.example.org", certificate, "default").matched()).isFalse();
	}

}
