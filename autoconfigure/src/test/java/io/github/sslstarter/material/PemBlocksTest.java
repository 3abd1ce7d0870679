package io.github.sslstarter.material;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.sslstarter.material.MaterialException.Problem;
import io.github.sslstarter.material.PemBlocks.Block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The linear PEM scanner: what it takes for a block, and what it leaves alone. */
class PemBlocksTest {

	private static List<Block> scan(String text) {
		return PemBlocks.scan(text, "test");
	}

	@Test
	void findsBlocksInOrderAndIgnoresTextAroundThem() {
		List<Block> blocks = scan("subject=CN=x\nissuer=CN=y\n-----BEGIN CERTIFICATE-----\nQUJD\nREVG\n"
				+ "-----END CERTIFICATE-----\nBag Attributes\n    localKeyID: 01\n-----BEGIN PRIVATE KEY-----\nR0hJ\n"
				+ "-----END PRIVATE KEY-----\ntrailing words\n");
		assertThat(blocks).extracting(Block::label).containsExactly("CERTIFICATE", "PRIVATE KEY");
		assertThat(blocks).allMatch(Block::complete);
		assertThat(blocks.get(0).base64()).isEqualTo("QUJDREVG");
		assertThat(blocks.get(0).line()).isEqualTo(3);
		assertThat(blocks.get(1).line()).isEqualTo(9);
		assertThat(new String(blocks.get(1).der())).isEqualTo("GHI");
	}

	@Test
	void readsRfc1421HeadersBeforeTheBody() {
		Block block = scan("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00FF\n\n"
				+ "QUJD\n-----END RSA PRIVATE KEY-----\n").get(0);
		assertThat(block.headers()).containsExactly("Proc-Type: 4,ENCRYPTED", "DEK-Info: AES-256-CBC,00FF");
		assertThat(block.isLegacyEncrypted()).isTrue();
		assertThat(block.base64()).isEqualTo("QUJD");
		assertThat(block.pem()).isEqualTo("-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
				+ "DEK-Info: AES-256-CBC,00FF\n\nQUJD\n-----END RSA PRIVATE KEY-----\n");
	}

	@Test
	void toleratesCrlfIndentationAndAnEndOnTheLastBodyLine() {
		List<Block> blocks = scan("  -----BEGIN CERTIFICATE-----\r\n  QUJD\r\n  REVG-----END CERTIFICATE-----\r\n");
		assertThat(blocks).singleElement().satisfies((block) -> {
			assertThat(block.complete()).isTrue();
			assertThat(block.base64()).isEqualTo("QUJDREVG");
		});
	}

	@Test
	void aBeginWithoutItsEndIsIncompleteAndTheNextBeginStartsAfresh() {
		List<Block> blocks = scan("-----BEGIN CERTIFICATE-----\nQUJD\n-----BEGIN CERTIFICATE-----\nREVG\n"
				+ "-----END CERTIFICATE-----\n-----BEGIN X509 CRL-----\nQUJD\n");
		assertThat(blocks).extracting(Block::complete).containsExactly(false, true, false);
		assertThat(blocks.get(1).base64()).isEqualTo("REVG");
		MaterialException ex = blocks.get(2).incomplete("crl.pem");
		assertThat(ex.problem()).isEqualTo(Problem.UNPARSEABLE);
		assertThat(ex.getMessage())
			.isEqualTo("The 'X509 CRL' block that begins on line 6 has no '-----END X509 CRL-----' line");
	}

	@Test
	void anEndWithAnotherLabelLeavesTheBlockIncomplete() {
		assertThat(scan("-----BEGIN CERTIFICATE-----\nQUJD\n-----END PRIVATE KEY-----\n"))
			.singleElement()
			.satisfies((block) -> assertThat(block.complete()).isFalse());
	}

	@Test
	void labelsMayHoldSingleHyphensButALineOfRepeatedMarkersIsNoMarker() {
		assertThat(scan("-----BEGIN RSA-PSS PRIVATE KEY-----\nQUJD\n-----END RSA-PSS PRIVATE KEY-----\n"))
			.extracting(Block::label)
			.containsExactly("RSA-PSS PRIVATE KEY");
		assertThat(scan("-----BEGIN CERTIFICATE----------BEGIN CERTIFICATE----------BEGIN CERTIFICATE-----\n")).isEmpty();
		assertThat(scan("-----BEGIN -----\n-----BEGIN -X-----\n-----BEGIN X------\n")).isEmpty();
	}

	@Test
	void textWithoutABeginLineHasNoBlocks() {
		assertThat(scan("")).isEmpty();
		assertThat(scan("-----END CERTIFICATE-----\nhello\n")).isEmpty();
		assertThat(scan("-".repeat(10_000))).isEmpty();
	}

	@Test
	void aBodyThatIsNotBase64FailsToDecode() {
		Block block = scan("-----BEGIN PRIVATE KEY-----\nnot base64!\n-----END PRIVATE KEY-----\n").get(0);
		assertThat(catchThrowableOfType(IllegalArgumentException.class, block::der)).isNotNull();
	}

	@Test
	void summaryCountsTheKindsOfBlockAndShowsNoContent() {
		List<Block> blocks = scan("-----BEGIN CERTIFICATE-----\nQUJD\n-----END CERTIFICATE-----\n"
				+ "-----BEGIN CERTIFICATE-----\nREVG\n-----END CERTIFICATE-----\n-----BEGIN A-----\n-----BEGIN B-----\n"
				+ "-----BEGIN C-----\n-----BEGIN D-----\n-----BEGIN E-----\n-----END E-----\n");
		assertThat(PemBlocks.summary(blocks)).isEqualTo(
				"2 CERTIFICATE, 1 A (without END), 1 B (without END), 1 C (without END), 1 D (without END) and 1 other kinds")
			.doesNotContain("QUJD");
	}

	@Test
	void refusesTextLargerThanTheLimitNamingIt() {
		MaterialException ex = catchThrowableOfType(MaterialException.class,
				() -> PemBlocks.scan("x".repeat(Location.MAX_SIZE + 600_000), "big.pem"));
		assertThat(ex.problem()).isEqualTo(Problem.TOO_LARGE);
		assertThat(ex.location()).isEqualTo("big.pem");
		assertThat(ex.getMessage()).contains("8.6 MiB").contains("the 8 MiB");
	}

}
