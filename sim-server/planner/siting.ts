// Where a sensor may go, as the standards say, as data. Candidates the planner offers obey these; the
// docs cite them (README, "Planning where sensors go").
export const SITING_RULES = {
  /** GB 50028-2006 城镇燃气设计规范 (2020 edition), 10.8.2: a detector for a gas lighter than air (natural gas)
   * within 8 m horizontally of the appliance or valve, within 0.3 m of the ceiling, not above the appliance. */
  naturalGas: { standard: 'GB 50028-2006 (2020) 10.8.2', maxHorizontalM: 8, band: 'ceiling', withinM: 0.3, notAboveAppliance: true },
  /** The same clause for a gas heavier than air (LPG): within 4 m, within 0.3 m of the floor. */
  lpg: { standard: 'GB 50028-2006 (2020) 10.8.2', maxHorizontalM: 4, band: 'floor', withinM: 0.3, notAboveAppliance: false },
} as const;

/** Household gas alarms trip between 3 and 25 %LEL (GB 15322.2); the bundled rule raises at 10. */
export const GAS_ALARM_PERCENT_LEL = 10;
