package io.github.sslstarter.spec;

import java.util.List;

/**
 * What a cipher string resolved to: the suites to enable, and the elements that matched no suite
 * this JVM supports and so contributed nothing (legacy words such as {@code EXP} or {@code !ADH}
 * on a modern JVM); a caller logs those once per context.
 *
 * @param suites the suites to enable, most preferred first, in the JVM's spelling; never empty
 * @param unmatched the elements, as written (with their {@code !}, {@code -} or {@code +}), that
 * matched no suite this JVM supports, in the order of the string
 */
public record CipherResolution(List<String> suites, List<String> unmatched) {

	public CipherResolution {
		suites = List.copyOf(suites);
		unmatched = List.copyOf(unmatched);
	}

}
