package io.github.sslstarter.verify;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;

import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.github.sslstarter.testing.Fuzzing;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hostname matcher under fuzzed hosts and certificate names: every scheme answers with a
 * {@link HostnameMatch} and throws nothing, and never slower than linear. An input is lines of
 * text: the host, then the CN (an empty line: none), then one subjectAltName a line,
 * {@code IP:} and hex digits for an iPAddress of those bytes (any length), anything else a
 * dNSName. The certificate is made once per input, signed with one key pair for all. The regression
 * inputs are in {@code HostnameFuzzTestInputs/} beside this class's package in the test resources.
 */
class HostnameFuzzTest {

	/** One scheme of each distinct behaviour. */
	private static final List<String> SCHEMES = List.of("strict", "rfc6125", "default", "http", "rfc2818", "ldap",
			"smtp", "gist", "sip", "none");

	private static final KeyPair KEYS = keyPair();

	private static final ContentSigner SIGNER = signer();

	private static final Date NOT_BEFORE = Date.from(Instant.now().minus(Duration.ofHours(1)));

	private static final Date NOT_AFTER = Date.from(Instant.now().plus(Duration.ofDays(365)));

	@FuzzTest(maxDuration = "5m")
	void verify(byte[] input) {
		String[] lines = new String(input, StandardCharsets.UTF_8).split("\n", -1);
		String host = lines[0];
		X509Certificate certificate = certificate((lines.length > 1) ? lines[1] : "",
				List.of(lines).subList(Math.min(2, lines.length), lines.length));
		if (certificate == null) {
			return; // names Bouncy Castle or the JDK will not put into a certificate
		}
		verifyUnderEveryScheme(host, certificate);
		byte[] repeated = Fuzzing.repeated(host.getBytes(StandardCharsets.UTF_8));
		if (repeated != null) {
			verifyUnderEveryScheme(new String(repeated, StandardCharsets.UTF_8), certificate);
		}
	}

	@FuzzTest(maxDuration = "5m")
	void parseHost(byte[] input) {
		parse(input);
		byte[] repeated = Fuzzing.repeated(input);
		if (repeated != null) {
			parse(repeated);
		}
	}

	private static void verifyUnderEveryScheme(String host, X509Certificate certificate) {
		for (String scheme : SCHEMES) {
			HostnameMatch match = Fuzzing.call("HostnameVerification.verify under " + scheme,
					() -> HostnameVerification.verify(host, certificate, scheme));
			assertThat(match).isNotNull();
			assertThat(match.host()).isEqualTo(host);
			assertThat(match.presentedNames()).isNotNull();
			if (scheme.equals("none")) {
				assertThat(match.matched()).isTrue();
			}
		}
	}

	private static void parse(byte[] input) {
		String host = new String(input, StandardCharsets.UTF_8);
		byte[] ipv4 = Fuzzing.call("IpLiterals.parseIpv4", () -> IpLiterals.parseIpv4(host));
		byte[] ipv6 = Fuzzing.call("IpLiterals.parseIpv6", () -> IpLiterals.parseIpv6(host));
		byte[] ip = Fuzzing.call("IpLiterals.parse", () -> IpLiterals.parse(host));
		HostNames.Identity identity = Fuzzing.call("HostNames.parse", () -> HostNames.parse(host));
		if (ipv4 != null) {
			assertThat(ipv4).hasSize(4);
			assertThat(ipv6).isNull();
			assertThat(ip).isEqualTo(ipv4);
		}
		if (ipv6 != null) {
			assertThat(ipv6).hasSize(16);
			assertThat(ip).isEqualTo(ipv6);
		}
		if (identity != null) {
			assertThat(identity.name == null).isNotEqualTo(identity.address == null);
			if (identity.name != null) {
				assertThat(identity.name).isNotEmpty();
				assertThat(identity.name.chars().allMatch((c) -> HostNames.isNameChar((char) c))).isTrue();
			}
			else {
				assertThat(identity.address.length).isIn(4, 16);
			}
		}
	}

	private static X509Certificate certificate(String commonName, List<String> subjectAltNames) {
		List<GeneralName> names = new ArrayList<>();
		for (String name : subjectAltNames) {
			if (name.startsWith("IP:")) {
				names.add(new GeneralName(GeneralName.iPAddress, new DEROctetString(octets(name.substring(3)))));
			}
			else {
				names.add(new GeneralName(GeneralName.dNSName, new DERIA5String(name)));
			}
		}
		X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE);
		if (!commonName.isEmpty()) {
			subject.addRDN(BCStyle.CN, new DERUTF8String(commonName));
		}
		X500Name name = subject.build();
		X500Name issuer = commonName.isEmpty() ? new X500Name("CN=Fuzz Issuer") : name;
		try {
			JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, BigInteger.TWO, NOT_BEFORE,
					NOT_AFTER, name, KEYS.getPublic());
			if (!names.isEmpty()) {
				builder.addExtension(Extension.subjectAlternativeName, commonName.isEmpty(),
						new GeneralNames(names.toArray(GeneralName[]::new)));
			}
			return new JcaX509CertificateConverter().getCertificate(builder.build(SIGNER));
		}
		catch (GeneralSecurityException | RuntimeException | java.io.IOException ex) {
			return null;
		}
	}

	/** The bytes written in hex, or the text's own bytes when it is not hex. */
	private static byte[] octets(String text) {
		try {
			return HexFormat.of().parseHex(text);
		}
		catch (IllegalArgumentException ex) {
			return text.getBytes(StandardCharsets.ISO_8859_1);
		}
	}

	private static KeyPair keyPair() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			return generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static ContentSigner signer() {
		try {
			return new JcaContentSignerBuilder("SHA256withECDSA").build(KEYS.getPrivate());
		}
		catch (org.bouncycastle.operator.OperatorCreationException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
