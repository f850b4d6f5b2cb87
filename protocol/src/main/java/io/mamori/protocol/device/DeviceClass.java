package io.mamori.protocol.device;

/** What kind of removable storage a device is, as policy rules can select it. */
public enum DeviceClass {
    /** USB mass storage: sticks, external disks, card readers on USB. */
    USB_STORAGE,
    /** An SD or other memory card in a built-in reader. */
    SD_CARD,
    /** CD, DVD or Blu-ray media. */
    OPTICAL,
    /** Any other medium the agent was configured to treat as removable. */
    OTHER_REMOVABLE
}
