package io.github.sslstarter.spec;

import java.util.List;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.sslstarter.test.ExternalTool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * For each cipher string, {@link CipherSpec#resolve} gives the suites, in the order, that the local
 * {@code openssl ciphers -stdname} prints, restricted to the TLS 1.2-and-earlier suites this JVM
 * supports. Strings with {@code @SECLEVEL} are compared with {@code openssl ciphers -s}, which
 * applies the security level (plain {@code openssl ciphers} only records it).
 */
class CipherSpecConformanceTest {

	private static List<String> supported;

	@BeforeAll
	static void jvmSuites() throws Exception {
		ExternalTool.openssl().require();
		supported = List.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
	}

	@ParameterizedTest
	@ValueSource(strings = { "ALL", "COMPLEMENTOFALL", "DEFAULT", "COMPLEMENTOFDEFAULT", "ALL:COMPLEMENTOFALL",
			"HIGH", "HIGH:!aNULL:!MD5", "MEDIUM:HIGH", "LOW:HIGH", "eNULL:ALL", "NULL:ALL:!aNULL", "aNULL:ALL",
			"kRSA", "RSA:ECDHE", "kECDHE", "ECDHE", "EECDH:EDH", "kDHE", "DHE", "EDH+aRSA", "ECDH", "DH", "aRSA",
			"aECDSA", "ECDSA:aRSA", "aDSS", "DSS:ECDSA", "AES", "AES128", "AES256:AES128", "AESGCM", "AESCCM:AESGCM",
			"CHACHA20:AESGCM", "CAMELLIA:AES", "ARIA:AES", "3DES:AES", "DES:AES", "RC4:AES", "MD5:SHA384", "SHA1",
			"SHA:SHA256", "SHA256", "SHA384:SHA256:SHA1", "TLSv1.2", "TLSv1:TLSv1.2", "SSLv3", "PSK:ALL", "SRP:ALL",
			"ECDHE+AESGCM", "ECDHE+AES128+SHA256", "kRSA+AES256", "DHE+CHACHA20:ECDHE+CHACHA20", "ALL:-AES:AES128",
			"ALL:!AES:AES128", "HIGH:-kECDHE:kECDHE", "ALL:+kRSA", "ALL:+AES128:+SHA1", "ALL:@STRENGTH",
			"AES128:AES256:@STRENGTH", "SHA1:AESGCM:@STRENGTH:+kRSA",
			"ECDHE-RSA-AES128-GCM-SHA256:AES256-SHA",
			"ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256:!ECDSA", "DEFAULT:!kRSA",
			"DEFAULT:COMPLEMENTOFDEFAULT", "DEFAULT:+AES256", "DEFAULT+AES", "ALL:@SECLEVEL=0", "ALL:@SECLEVEL=3",
			"ALL:@SECLEVEL=4", "HIGH:@SECLEVEL=5", "ECDHE+AESGCM ECDHE+CHACHA20,DHE+AESGCM",
			"HIGH:!aNULL:!kRSA:!PSK:!SRP:!MD5:!RC4", "ECDHE:!COMPLEMENTOFDEFAULT", "CBC", "ALL:!CBC",
			"AECDH:ADH:ALL", "kEDH:kEECDH", "AESCCM8:AES", "CAMELLIA128:CAMELLIA256:ARIA128:ARIA256:AES",
			"kPSK:kECDHEPSK:kDHEPSK:kRSAPSK:aPSK:ALL", "kSRP:aSRP:ALL", "TLSv1.0:SSLv3",
			"ALL:-SHA1:-SHA256:SHA1", "DHE:-DHE+AESGCM:+DHE:ECDHE", "ECDHE:DHE:!SHA1:!SHA256:!SHA384",
			"kRSA:!SHA1:-AES128:AES128+SHA256", "SHA256:-ECDHE:+aRSA:ECDHE", "ALL:!DHE:!kRSA:@STRENGTH:+SHA1",
			"TLSv1.2+kRSA:SSLv3+kRSA", "AES256+SHA384:AES128+SHA256:@STRENGTH" })
	void resolvesLikeOpenSsl(String cipherString) {
		List<String> expected = OpenSsl.ciphers(cipherString, cipherString.contains("@SECLEVEL"))
			.stream()
			.filter(supported::contains)
			.filter((suite) -> !CipherSpec.isTls13Suite(suite))
			.toList();
		if (expected.isEmpty()) {
			assertThatExceptionOfType(SpecException.class).isThrownBy(() -> CipherSpec.resolve(cipherString, supported))
				.withMessageContaining("leaves no cipher suite");
		}
		else {
			assertThat(CipherSpec.resolve(cipherString, supported)).containsExactlyElementsOf(expected);
		}
	}

}
