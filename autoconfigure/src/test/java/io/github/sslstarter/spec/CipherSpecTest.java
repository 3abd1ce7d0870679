package io.github.sslstarter.spec;

import java.util.List;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The cipher-string language's rules and errors, against this JVM's suites. */
class CipherSpecTest {

	private static List<String> supported;

	@BeforeAll
	static void jvmSuites() throws Exception {
		supported = List.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
	}

	@Test
	void tableKnowsEverySuiteThisJvmSupports() {
		assertThat(supported.stream()
			.filter((s) -> !CipherSpec.isTls13Suite(s))
			.filter((s) -> !s.equals("TLS_EMPTY_RENEGOTIATION_INFO_SCSV"))
			.filter((s) -> CipherSuiteTable.find(s) == null)).isEmpty();
	}

	@Test
	void defaultIsForwardSecretAeadOnly() {
		List<String> suites = CipherSpec.resolve(null, supported);
		assertThat(suites).isNotEmpty()
			.allMatch((s) -> s.startsWith("TLS_ECDHE_") || s.startsWith("TLS_DHE_"))
			.allMatch((s) -> s.contains("_GCM_") || s.contains("CHACHA20"));
		assertThat(suites.get(0)).startsWith("TLS_ECDHE_ECDSA_");
	}

	@Test
	void neverIncludesTls13Suites() {
		assertThat(CipherSpec.resolve("ALL:COMPLEMENTOFALL", supported)).noneMatch(CipherSpec::isTls13Suite);
	}

	@Test
	void mapsOpenSslNamesToIanaNames() {
		assertThat(CipherSpec.resolve("ECDHE-RSA-AES128-GCM-SHA256", supported))
			.containsExactly("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
	}

	@Test
	void acceptsIanaNamesInTheGivenOrder() {
		assertThat(CipherSpec.resolve(
				"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256:TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", supported))
			.containsExactly("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
	}

	@Test
	void permanentlyDeletedSuitesNeverComeBack() {
		assertThat(CipherSpec.resolve("ECDHE:!AES128:AES128", supported)).noneMatch((s) -> s.contains("AES_128"));
	}

	@Test
	void deletedSuitesCanBeAddedAgain() {
		assertThat(CipherSpec.resolve("ECDHE:-AES128:AES128", supported)).anyMatch((s) -> s.contains("AES_128"));
	}

	@Test
	void plusPrefixMovesSuitesToTheEnd() {
		List<String> suites = CipherSpec.resolve("ECDHE+AESGCM:+AES256", supported);
		assertThat(suites.get(suites.size() - 1)).contains("AES_256");
		assertThat(suites.get(0)).contains("AES_128");
	}

	@Test
	void strengthSortsByKeyLengthStably() {
		List<String> suites = CipherSpec.resolve("ECDHE+AES128:ECDHE+AES256:@STRENGTH", supported);
		int lastAes256 = suites.stream().filter((s) -> s.contains("AES_256")).mapToInt(suites::indexOf).max().orElseThrow();
		int firstAes128 = suites.stream().filter((s) -> s.contains("AES_128")).mapToInt(suites::indexOf).min().orElseThrow();
		assertThat(lastAes256).isLessThan(firstAes128);
	}

	@Test
	void securityLevelThreeRemovesSuitesWithoutForwardSecrecy() {
		List<String> all = CipherSpec.resolve("ALL:@SECLEVEL=0", supported);
		List<String> level3 = CipherSpec.resolve("ALL:@SECLEVEL=3", supported);
		assertThat(level3).noneMatch((s) -> s.startsWith("TLS_RSA_"));
		assertThat(level3).isSubsetOf(all);
	}

	@Test
	void securityLevelFourRemovesSha1AndAes128() {
		assertThat(CipherSpec.resolve("ALL:@SECLEVEL=4", supported))
			.noneMatch((s) -> s.endsWith("_SHA") || s.contains("AES_128"));
	}

	@Test
	void refusesASecurityLevelOutOfRange() {
		assertThatExceptionOfType(SpecException.class).isThrownBy(() -> CipherSpec.resolve("ALL:@SECLEVEL=7", supported))
			.withMessageContaining("@SECLEVEL=7");
	}

	@Test
	void refusesUnknownKeywordsNamingThem() {
		assertThatExceptionOfType(SpecException.class).isThrownBy(() -> CipherSpec.resolve("HIGH:!FOO", supported))
			.withMessageContaining("'FOO'");
	}

	@Test
	void suggestsTheRightCaseForKeywords() {
		assertThatExceptionOfType(SpecException.class).isThrownBy(() -> CipherSpec.resolve("high", supported))
			.withMessageContaining("did you mean HIGH?");
	}

	@Test
	void refusesSuiteBWithTheReason() {
		assertThatExceptionOfType(SpecException.class).isThrownBy(() -> CipherSpec.resolve("SUITEB128", supported))
			.withMessageContaining("Suite B");
	}

	@Test
	void refusesDefaultAnywhereButAtTheStart() {
		assertThatExceptionOfType(SpecException.class).isThrownBy(() -> CipherSpec.resolve("HIGH:DEFAULT", supported))
			.withMessageContaining("DEFAULT may only start");
	}

	@Test
	void refusesTls13SuitesInTheCipherString() {
		assertThatExceptionOfType(SpecException.class)
			.isThrownBy(() -> CipherSpec.resolve("TLS_AES_128_GCM_SHA256", supported))
			.withMessageContaining("TLS 1.3");
	}

	@Test
	void emptyResultShowsWhatEachElementDid() {
		assertThatExceptionOfType(SpecException.class)
			.isThrownBy(() -> CipherSpec.resolve("ECDHE:!aRSA:!aECDSA", supported))
			.withMessageMatching("(?s).*ECDHE: \\+\\d+, !aRSA: -\\d+, !aECDSA: -\\d+.*");
	}

	@Test
	void explainCountsSuitesPerElement() {
		long ecdhe = supported.stream().filter((s) -> s.startsWith("TLS_ECDHE_")).count();
		long ecdheRsa = supported.stream().filter((s) -> s.startsWith("TLS_ECDHE_RSA_")).count();
		assertThat(CipherSpec.explain("ECDHE:!aRSA", supported)).containsExactly("ECDHE: +" + ecdhe,
				"!aRSA: -" + ecdheRsa, "result: " + (ecdhe - ecdheRsa) + " suites");
	}

	@Test
	void explainSaysWhenTheJvmHasNoneOfAnElementsSuites() {
		assertThat(CipherSpec.explain("CAMELLIA:ECDHE", supported).get(0)).contains("none supported by this JVM");
	}

	@Test
	void tls13DefaultIsEveryTls13SuiteOfTheJvm() {
		assertThat(CipherSpec.resolveTls13(null, supported)).isNotEmpty()
			.containsExactlyElementsOf(supported.stream().filter(CipherSpec::isTls13Suite).toList());
	}

	@Test
	void tls13SuitesKeepTheGivenOrder() {
		assertThat(CipherSpec.resolveTls13("TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256", supported))
			.containsExactly("TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256");
	}

	@Test
	void tls13RefusesTls12Suites() {
		assertThatExceptionOfType(SpecException.class)
			.isThrownBy(() -> CipherSpec.resolveTls13("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", supported))
			.withMessageContaining("is not a TLS 1.3 cipher suite");
	}

	@Test
	void tls13RefusesSuitesTheJvmLacks() {
		assertThatExceptionOfType(SpecException.class)
			.isThrownBy(() -> CipherSpec.resolveTls13("TLS_AES_128_CCM_8_SHA256", supported))
			.withMessageContaining("not supported by this JVM");
	}

}
