package io.natsspring.boot.docs.kvconfig;

// tag::snippet[]
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Bound from the "shop-config" bucket: keys shipping.free-above, shipping/carriers, ... */
@ConfigurationProperties("shipping")
public class ShippingSettings {

    /** Order total from which shipping is free. */
    private int freeAbove = 50;

    /** Carriers offered, e.g. "dhl,ups". */
    private List<String> carriers = new ArrayList<>(List.of("post"));

    private boolean expressEnabled;

    public int getFreeAbove() { return freeAbove; }
    public void setFreeAbove(int freeAbove) { this.freeAbove = freeAbove; }
    public List<String> getCarriers() { return carriers; }
    public void setCarriers(List<String> carriers) { this.carriers = carriers; }
    public boolean isExpressEnabled() { return expressEnabled; }
    public void setExpressEnabled(boolean expressEnabled) { this.expressEnabled = expressEnabled; }
}
// end::snippet[]
