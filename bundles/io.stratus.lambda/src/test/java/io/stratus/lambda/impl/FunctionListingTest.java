package io.stratus.lambda.impl;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.List;

import org.junit.Test;

import io.stratus.aws.api.AwsException;
import io.stratus.runtime.api.FunctionInfo;

public class FunctionListingTest {

    private static List<FunctionInfo> functions(int count) {
        List<FunctionInfo> all = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            all.add(Fakes.function(String.format("fn-%03d", i)));
        }
        return all;
    }

    @Test
    public void pagesWalkEveryFunctionOnceWithTheDefaultSize() throws Exception {
        List<FunctionInfo> all = functions(120);
        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String marker = null;
        do {
            FunctionListing.Page page = FunctionListing.page(all, marker, FunctionListing.maxItems(null));
            page.functions().forEach(f -> seen.add(f.name()));
            sizes.add(page.functions().size());
            marker = page.nextMarker();
        } while (marker != null);

        assertEquals(List.of(50, 50, 20), sizes);
        assertEquals(all.stream().map(FunctionInfo::name).toList(), seen);
    }

    @Test
    public void theLastPageHasNoMarker() throws Exception {
        assertNull(FunctionListing.page(functions(3), null, 3).nextMarker());
        assertNotNull(FunctionListing.page(functions(4), null, 3).nextMarker());
        assertEquals(0, FunctionListing.page(List.of(), null, 50).functions().size());
    }

    @Test
    public void aMarkerStaysRightWhenFunctionsComeAndGo() throws Exception {
        List<FunctionInfo> all = functions(6);
        FunctionListing.Page first = FunctionListing.page(all, null, 3);
        List<FunctionInfo> changed = new ArrayList<>(all);
        changed.remove(2); // the last one returned disappears
        changed.remove(0);

        FunctionListing.Page second = FunctionListing.page(changed, first.nextMarker(), 3);

        assertEquals(List.of("fn-003", "fn-004", "fn-005"), second.functions().stream().map(FunctionInfo::name).toList());
    }

    @Test
    public void maxItemsIsBetweenOneAndTenThousand() throws Exception {
        assertEquals(1, FunctionListing.maxItems("1"));
        assertEquals(10000, FunctionListing.maxItems("10000"));
        assertEquals("1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: "
                + "Member must have value greater than or equal to 1", refusedMaxItems("0"));
        assertEquals("1 validation error detected: Value '10001' at 'maxItems' failed to satisfy constraint: "
                + "Member must have value less than or equal to 10000", refusedMaxItems("10001"));
        assertEquals("1 validation error detected: Value 'ten' at 'maxItems' failed to satisfy constraint: "
                + "Member must be an integer", refusedMaxItems("ten"));
    }

    @Test
    public void aMarkerThatIsNotOursIsRefused() {
        for (String bad : new String[] { "%%%", "", "_w" }) {
            try {
                FunctionListing.page(functions(3), bad, 2);
                fail("accepted " + bad);
            } catch (AwsException e) {
                assertEquals("InvalidParameterValueException", e.code());
            }
        }
    }

    private static String refusedMaxItems(String value) {
        try {
            FunctionListing.maxItems(value);
            fail("accepted " + value);
            return null;
        } catch (AwsException e) {
            assertEquals("ValidationException", e.code());
            return e.getMessage();
        }
    }
}
