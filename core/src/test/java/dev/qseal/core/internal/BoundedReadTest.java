package dev.qseal.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qseal.core.BadInputException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BoundedReadTest {
    @Test
    void readsUpToTheLimitAndRefusesOneByteMore() throws Exception {
        byte[] data = new byte[100_000];
        new Random(1).nextBytes(data);
        assertArrayEquals(data, BoundedRead.stream(new ByteArrayInputStream(data), 100_000, "x"));
        BadInputException e = assertThrows(BadInputException.class,
                () -> BoundedRead.stream(new ByteArrayInputStream(data), 99_999, "the thing"));
        assertTrue(e.getMessage().startsWith("the thing is larger than"), e.getMessage());
    }

    @Test
    void anEndlessStreamIsCutOff() {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 0;
            }
        };
        assertThrows(BadInputException.class, () -> BoundedRead.stream(endless, 4096, "x"));
        assertThrows(BadInputException.class, () -> BoundedRead.capped(endless, 4096, "x").readAllBytes());
    }
}
