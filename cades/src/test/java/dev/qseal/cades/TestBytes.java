package dev.qseal.cades;

/** Byte-array search for tests that locate a structure inside an encoding. */
final class TestBytes {
    private TestBytes() {
    }

    /** Where {@code needle} first starts in {@code haystack}; fails the test if it is absent. */
    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
