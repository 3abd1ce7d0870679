package io.github.sslstarter.verify;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PublicSuffixesTest {

	private final PublicSuffixes suffixes = PublicSuffixes.icann();

	@Test
	void loadsTheIcannSectionOnly() {
		assertThat(this.suffixes.size()).isGreaterThan(6000);
		assertThat(this.suffixes.isPublicSuffix("co.uk")).isTrue();
		assertThat(this.suffixes.isPublicSuffix("github.io")).isFalse();
	}

	@Test
	void appliesWildcardAndExceptionRules() {
		assertThat(this.suffixes.isPublicSuffix("foo.kawasaki.jp")).isTrue();
		assertThat(this.suffixes.isPublicSuffix("city.kawasaki.jp")).isFalse();
	}

	@Test
	void knowsInternationalSuffixesInPunycode() {
		assertThat(this.suffixes.isPublicSuffix("xn--55qx5d.cn")).isTrue();
	}

	@Test
	void treatsEverySingleLabelAsPublicSuffix() {
		assertThat(this.suffixes.isPublicSuffix("localhost")).isTrue();
		assertThat(this.suffixes.isPublicSuffix("example.org")).isFalse();
	}

}
