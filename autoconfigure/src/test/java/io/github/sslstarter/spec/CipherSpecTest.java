package io.github.sslstarter.spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

	@ParameterizedTest
	@ValueSource(strings = { "ALL:!LOW:!EXP:!ADH", "RC4-SHA:ALL:!ADH:!LOW", "HIGH:!aNULL:!MD5:!EXPORT", "!SSLv2:HIGH" })
	void resolvesTheManualsExamplesAndEverydayStrings(String cipherString) {
		assertThat(CipherSpec.resolve(cipherString, supported)).isNotEmpty();
	}

	@Test
	void knowsEveryKeywordAndSuiteNameOpenSslEverHad() throws IOException {
		List<String> unknown = new ArrayList<>();
		for (String[] row : names()) {
			if (row[1].equals("special")) {
				continue;
			}
			try {
				CipherSpec.explain(row[0], supported);
			}
			catch (SpecException ex) {
				if (!ex.getMessage().contains("is refused")) {
					unknown.add(row[0] + ": " + ex.getMessage());
				}
			}
		}
		assertThat(names()).hasSizeGreaterThan(400);
		assertThat(unknown).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "EXP", "EXPORT", "EXPORT40", "EXPORT56", "SSLv2", "KRB5", "kKRB5", "aKRB5", "FZA", "aFZA",
			"kFZA", "eFZA", "kDHr", "kDHd", "kDH", "aDH", "kECDHr", "kECDHe", "kECDH", "aECDH", "ECCdraft", "DES",
			"ADH", "AECDH", "IDEA", "SEED", "RC4", "RC2", "3DES", "RC4-SHA", "RC4-MD5", "DES-CBC3-SHA", "EXP-RC4-MD5",
			"EXP1024-RC4-SHA", "EDH-RSA-DES-CBC3-SHA", "RC2-CBC-MD5", "KRB5-DES-CBC3-SHA", "aGOST94", "aGOST", "kGOST",
			"GOST89", "GOST2001-GOST89-GOST89", "GOST2012-KUZNYECHIK-KUZNYECHIKOMAC", "PSK", "SRP", "CAMELLIA", "ARIA",
			"TLSv1.1" })
	void legacyWordsResolveToNothingOnThisJvmAndAreNamedAsUnmatched(String word) {
		CipherResolution resolution = CipherSpec.resolution("HIGH:" + word + ":!" + word, supported);
		assertThat(resolution.suites()).isEqualTo(CipherSpec.resolve("HIGH", supported));
		assertThat(resolution.unmatched()).containsExactly(word, "!" + word);
	}

	@Test
	void legacyWordsSelectTheSuitesTheyNamedWhenTheJvmHasThem() {
		List<String> legacyJvm = List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "SSL_RSA_WITH_RC4_128_SHA",
				"SSL_RSA_EXPORT_WITH_RC4_40_MD5", "SSL_RSA_WITH_3DES_EDE_CBC_SHA");
		assertThat(CipherSpec.resolve("EXP", legacyJvm)).containsExactly("SSL_RSA_EXPORT_WITH_RC4_40_MD5");
		assertThat(CipherSpec.resolve("EXP-RC4-MD5", legacyJvm)).containsExactly("SSL_RSA_EXPORT_WITH_RC4_40_MD5");
		assertThat(CipherSpec.resolve("RC4-SHA", legacyJvm)).containsExactly("SSL_RSA_WITH_RC4_128_SHA");
		assertThat(CipherSpec.resolve("DES-CBC3-SHA:RC4", legacyJvm)).containsExactly("SSL_RSA_WITH_3DES_EDE_CBC_SHA",
				"SSL_RSA_WITH_RC4_128_SHA");
		assertThat(CipherSpec.resolve("EXP+RC4", legacyJvm)).containsExactly("SSL_RSA_EXPORT_WITH_RC4_40_MD5");
	}

	@Test
	void wordsOpenSslDroppedNeverSelectSuitesOpenSsl3Has() {
		List<String> legacyJvm = List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "SSL_RSA_EXPORT_WITH_RC4_40_MD5");
		assertThat(CipherSpec.resolve("ALL:COMPLEMENTOFALL", legacyJvm))
			.containsExactly("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
		assertThat(CipherSpec.resolution("ECCdraft:ECDHE", legacyJvm).unmatched()).containsExactly("ECCdraft");
	}

	@ParameterizedTest
	@ValueSource(strings = { "HIHG", "ALL:!LOW:!EXPP", "EXP-RC4-MD6:HIGH", "HIGH:!RSAPSK", "DHE-RSA-AES256-SHA384:HIGH",
			"MAGMA:HIGH" })
	void refusesWordsNoOpenSslEverHadNamingThem(String cipherString) {
		String word = List.of("HIHG", "EXPP", "EXP-RC4-MD6", "RSAPSK", "DHE-RSA-AES256-SHA384", "MAGMA")
			.stream()
			.filter(cipherString::contains)
			.findFirst()
			.orElseThrow();
		assertThatExceptionOfType(SpecException.class).isThrownBy(() -> CipherSpec.resolve(cipherString, supported))
			.withMessageContaining("Unknown cipher keyword or suite '" + word + "'");
	}

	@Test
	void exposesTheElementsThatMatchedNothing() {
		CipherResolution resolution = CipherSpec.resolution("ALL:!LOW:!EXP:!ADH", supported);
		assertThat(resolution.suites()).isEqualTo(CipherSpec.resolve("ALL", supported));
		assertThat(resolution.unmatched()).containsExactly("!LOW", "!EXP", "!ADH");
	}

	@Test
	void reportsNothingWhenEveryElementMatched() {
		// Java 24+ support no TLS_RSA_ suite any more: there the default's !kRSA removes nothing
		boolean kRsa = supported.stream().anyMatch((suite) -> suite.startsWith("TLS_RSA_WITH_"));
		assertThat(CipherSpec.resolution(null, supported).unmatched())
			.isEqualTo(kRsa ? List.of() : List.of("!kRSA"));
		assertThat(CipherSpec.resolution("ECDHE+AESGCM:!aRSA", supported).unmatched()).isEmpty();
	}

	@Test
	void emptyStringMeansTheProvidersDefaultSuites() throws Exception {
		List<String> providerDefaults = List.of(SSLContext.getDefault().getDefaultSSLParameters().getCipherSuites())
			.stream()
			.filter(supported::contains)
			.filter((s) -> !CipherSpec.isTls13Suite(s))
			.toList();
		assertThat(CipherSpec.resolve("", supported)).isNotEmpty().isEqualTo(providerDefaults);
		assertThat(CipherSpec.resolve("  ", supported)).isEqualTo(providerDefaults);
		assertThat(CipherSpec.resolve(null, supported)).isEqualTo(CipherSpec.resolve(CipherSpec.DEFAULT_CIPHERS, supported));
	}

	@Test
	void emptyStringTakesTheDefaultsOfTheGivenProvider() {
		assertThat(CipherSpec.resolution("", supported,
				List.of("TLS_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_NOT_SUPPORTED_HERE"))
			.suites()).containsExactly("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
	}

	@Test
	void acceptsASpecialCommandDirectlyAfterAnElement() {
		assertThat(CipherSpec.resolve("ALL:!LOW@STRENGTH", supported))
			.isEqualTo(CipherSpec.resolve("ALL:!LOW:@STRENGTH", supported));
	}

	private static List<String[]> names() throws IOException {
		try (InputStream in = CipherSpecTest.class.getResourceAsStream("openssl-cipher-names.tsv")) {
			assertThat(in).as("openssl-cipher-names.tsv").isNotNull();
			List<String[]> rows = new ArrayList<>();
			for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
				if (!line.isBlank() && !line.startsWith("#")) {
					rows.add(line.split("\t"));
				}
			}
			return rows;
		}
	}

}
