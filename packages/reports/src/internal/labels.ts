/** Every word a report prints, in Russian (default) and English. */
import type { Language, ReportSource } from "../ReportHeader.js"

export interface Labels {
  readonly shiftReport: string
  readonly vatReport: string
  readonly reconciliationReport: string
  readonly organisation: string
  readonly inn: string
  readonly period: string
  readonly timeZone: string
  readonly source: string
  readonly generatedAt: string
  readonly sources: Record<ReportSource, string>
  /** `{n}` and `{m}` become the page number and the page count. */
  readonly pageTemplate: string
  readonly sheets: {
    readonly report: string
    readonly shifts: string
    readonly outlets: string
    readonly departments: string
    readonly income: string
    readonly incomeReturn: string
    readonly net: string
    readonly byKind: string
    readonly byOutlet: string
    readonly byRate: string
    readonly differences: string
  }
  readonly department: string
  readonly outlet: string
  readonly kkt: string
  readonly kktRegNumber: string
  /** Short form of the registration number's label, before the number itself. */
  readonly regShort: string
  readonly fn: string
  readonly shiftNumber: string
  readonly openedAt: string
  readonly closedAt: string
  readonly cashier: string
  readonly income: string
  readonly incomeReturn: string
  readonly expenditure: string
  readonly expenditureReturn: string
  readonly corrections: string
  readonly incomeCorrection: string
  readonly expenditureCorrection: string
  readonly receipts: string
  readonly total: string
  readonly cash: string
  readonly electronic: string
  readonly prepaid: string
  readonly credit: string
  readonly other: string
  readonly netRevenue: string
  readonly documents: string
  readonly flags: string
  readonly flagOpen: string
  readonly flagOverlong: string
  readonly flagMidnight: string
  /** Short forms for narrow PDF cells. */
  readonly flagsShort: { readonly open: string; readonly overlong: string; readonly midnight: string }
  readonly yes: string
  readonly shifts: string
  readonly subtotalOutlet: string
  readonly subtotalDepartment: string
  readonly grandTotal: string
  readonly noDepartment: string
  readonly noOutlet: string
  readonly preGrouped: string
  readonly revenueByOutlet: string
  readonly revenueByDepartment: string
  readonly vatByRate: string
  readonly keyFigures: string
  readonly tooManyRows: (rows: number, limit: number, excel: string | null) => string
  // VAT report
  readonly month: string
  readonly day: string
  readonly shift: string
  readonly gross: string
  readonly vat: string
  readonly base: string
  readonly receiptsTotal: string
  readonly ratesSum: string
  readonly difference: string
  readonly check: string
  readonly checkOk: string
  readonly checkMismatch: string
  readonly checkUnknown: string
  readonly monthTotal: (month: string) => string
  readonly quarterTotal: (year: number, quarter: number) => string
  readonly blockIncome: string
  readonly blockIncomeReturn: string
  readonly blockNet: string
  readonly vatUnknownNote: string
  readonly mismatchNote: (rows: number) => string
  // reconciliation report
  readonly kind: string
  readonly count: string
  readonly amountOfd: string
  readonly amountErp: string
  readonly amountDelta: string
  readonly rate: string
  readonly erpLine: string
  readonly erpDocument: string
  readonly fiscalDocument: string
  readonly fd: string
  readonly documentTime: string
  readonly operation: string
  readonly explanation: string
  readonly noRate: string
  readonly severity: string
  readonly severityError: string
  readonly severityInfo: string
  readonly tier: string
  readonly file: string
  readonly lines: string
  readonly register: string
  readonly erpSide: string
  readonly fiscalSide: string
  readonly erpReceipts: string
  /** Sales net of refunds. */
  readonly netSales: string
  readonly ofdReceipts: string
  readonly matched: string
  readonly errors: string
  readonly differencesCount: string
  readonly atStake: string
  readonly ofdVat: string
  readonly erpVat: string
  readonly ofdGross: string
  readonly erpGross: string
  readonly status: Record<"ok" | "rounding" | "mismatch", string>
  readonly statusLabel: string
  readonly receiptDifferences: string
  readonly fiscalSign: string
  readonly businessDay: string
  readonly rejectedSheet: string
  readonly column: string
  readonly value: string
  readonly reason: string
  readonly erpFiles: string
  readonly rowsRead: string
  readonly rowsAccepted: string
  readonly rowsRejected: string
  readonly erpIncome: string
  readonly erpIncomeReturn: string
  readonly ofdDocuments: string
  readonly ofdInScope: string
  readonly ofdIncome: string
  readonly ofdIncomeReturn: string
  readonly matchedByTier: (tier: number) => string
  readonly notes: string
  readonly differencesByKind: string
}

const quarterRoman = ["I", "II", "III", "IV"]

export const ru: Labels = {
  shiftReport: "Отчёт по сменам",
  vatReport: "Отчёт по ставкам НДС",
  reconciliationReport: "Отчёт о сверке с учётной системой",
  organisation: "Организация",
  inn: "ИНН",
  period: "Период",
  timeZone: "Часовой пояс",
  source: "Источник данных",
  generatedAt: "Сформирован",
  sources: {
    kktstat: "Такском-Касса: сводный отчёт по сменам (kktstat/shifts)",
    shiftInfo: "Такском-Касса: смены и итоги смен (ShiftList + ShiftInfo)",
    documents: "Такском-Касса: фискальные документы",
    reconciliation: "Сверка выгрузки учётной системы с фискальными документами"
  },
  pageTemplate: "Лист {n} из {m}",
  sheets: {
    report: "Отчёт",
    shifts: "Смены",
    outlets: "Торговые точки",
    departments: "Подразделения",
    income: "Приход",
    incomeReturn: "Возврат прихода",
    net: "Нетто",
    byKind: "По видам",
    byOutlet: "По точкам",
    byRate: "По ставкам",
    differences: "Расхождения"
  },
  department: "Подразделение",
  outlet: "Торговая точка",
  kkt: "ККТ",
  kktRegNumber: "Рег. номер ККТ",
  regShort: "РН",
  fn: "ФН",
  shiftNumber: "№ смены",
  openedAt: "Открыта",
  closedAt: "Закрыта",
  cashier: "Кассир",
  income: "Приход",
  incomeReturn: "Возврат прихода",
  expenditure: "Расход",
  expenditureReturn: "Возврат расхода",
  corrections: "Коррекции",
  incomeCorrection: "Коррекция прихода",
  expenditureCorrection: "Коррекция расхода",
  receipts: "Чеков",
  total: "Итого",
  cash: "Наличными",
  electronic: "Безналичными",
  prepaid: "Аванс",
  credit: "Кредит",
  other: "Встречное предоставление",
  netRevenue: "Выручка (приход − возврат)",
  documents: "Документов",
  flags: "Отметки",
  flagOpen: "Не закрыта",
  flagOverlong: "Более 24 ч",
  flagMidnight: "Через полночь",
  flagsShort: { open: "не закрыта", overlong: "> 24 ч", midnight: "через 0:00" },
  yes: "да",
  shifts: "Смен",
  subtotalOutlet: "Итого по торговой точке",
  subtotalDepartment: "Итого по подразделению",
  grandTotal: "Всего",
  noDepartment: "Без подразделения",
  noOutlet: "Без торговой точки",
  preGrouped: "(итог источника)",
  revenueByOutlet: "Выручка по торговым точкам, ₽",
  revenueByDepartment: "Выручка по подразделениям, ₽",
  vatByRate: "НДС по ставкам, ₽",
  keyFigures: "Итоги",
  tooManyRows: (rows, limit, excel) =>
    `Строк в отчёте: ${rows} — больше предела ${limit} для PDF. Здесь приведены итоги; полный перечень — в файле Excel${
      excel === null ? "" : ` «${excel}»`
    }.`,
  month: "Месяц",
  day: "День",
  shift: "Смена",
  gross: "Сумма",
  vat: "НДС",
  base: "Сумма",
  receiptsTotal: "Итого по чекам",
  ratesSum: "Сумма по ставкам",
  difference: "Расхождение",
  check: "Проверка",
  checkOk: "ОК",
  checkMismatch: "ОШИБКА",
  checkUnknown: "н/д",
  monthTotal: (m) => `Итого за ${m}`,
  quarterTotal: (y, q) => `Итого за ${quarterRoman[q - 1]} квартал ${y} г.`,
  blockIncome: "Приход",
  blockIncomeReturn: "Возврат прихода",
  blockNet: "Нетто (приход − возврат прихода)",
  vatUnknownNote:
    "«—»: источник не даёт эту сумму (kktstat/shifts даёт по ставкам только НДС, а сумму — лишь для 0% и без НДС; НДС возвратов — только ShiftInfo). Проверка «н/д» — сумму по ставкам посчитать нельзя.",
  mismatchNote: (n) => `Строк, где сумма по ставкам не равна итогу по чекам: ${n}.`,
  kind: "Вид расхождения",
  count: "Количество",
  amountOfd: "Сумма ОФД",
  amountErp: "Сумма учётной системы",
  amountDelta: "Разница",
  rate: "Ставка НДС",
  erpLine: "Строка выгрузки",
  erpDocument: "Документ учётной системы",
  fiscalDocument: "Фискальный документ",
  fd: "ФД",
  documentTime: "Дата и время",
  operation: "Операция",
  explanation: "Пояснение",
  noRate: "Без ставки",
  severity: "Важность",
  severityError: "ошибка",
  severityInfo: "информация",
  tier: "Уровень сверки",
  file: "Файл",
  lines: "Строки",
  register: "Касса",
  erpSide: "Учётная система",
  fiscalSide: "Фискальный документ",
  erpReceipts: "Чеков в учётной системе",
  netSales: "Продажи − возвраты",
  ofdReceipts: "Чеков в ОФД",
  matched: "Сопоставлено",
  errors: "Ошибок",
  differencesCount: "Расхождений",
  atStake: "Сумма расхождений (по модулю)",
  ofdVat: "НДС ОФД",
  erpVat: "НДС учётной системы",
  ofdGross: "Сумма ОФД",
  erpGross: "Сумма учётной системы",
  status: { ok: "совпадает", rounding: "округление", mismatch: "расходится" },
  statusLabel: "Итог",
  receiptDifferences: "Расхождений по чекам",
  fiscalSign: "ФПД",
  businessDay: "Рабочий день",
  rejectedSheet: "Отклонённые строки",
  column: "Колонка",
  value: "Значение",
  reason: "Причина",
  erpFiles: "Файлы учётной системы",
  rowsRead: "Строк прочитано",
  rowsAccepted: "Строк принято",
  rowsRejected: "Строк отклонено",
  erpIncome: "Продажи в учётной системе",
  erpIncomeReturn: "Возвраты в учётной системе",
  ofdDocuments: "Документов ОФД",
  ofdInScope: "Чеков ОФД к сверке",
  ofdIncome: "Приход по данным ОФД",
  ofdIncomeReturn: "Возврат прихода по данным ОФД",
  matchedByTier: (t) => `Сопоставлено на уровне ${t}`,
  notes: "Примечания",
  differencesByKind: "Расхождения по видам (сумма по модулю), ₽"
}

export const en: Labels = {
  shiftReport: "Shift report",
  vatReport: "VAT-rate report",
  reconciliationReport: "Reconciliation report",
  organisation: "Organisation",
  inn: "INN",
  period: "Period",
  timeZone: "Time zone",
  source: "Source",
  generatedAt: "Generated",
  sources: {
    kktstat: "Taxcom-Kassa: shift summary report (kktstat/shifts)",
    shiftInfo: "Taxcom-Kassa: shifts and shift totals (ShiftList + ShiftInfo)",
    documents: "Taxcom-Kassa: fiscal documents",
    reconciliation: "ERP export reconciled against fiscal documents"
  },
  pageTemplate: "Page {n} of {m}",
  sheets: {
    report: "Report",
    shifts: "Shifts",
    outlets: "Outlets",
    departments: "Departments",
    income: "Income",
    incomeReturn: "Income return",
    net: "Net",
    byKind: "By kind",
    byOutlet: "By outlet",
    byRate: "By rate",
    differences: "Differences"
  },
  department: "Department",
  outlet: "Outlet",
  kkt: "Register",
  kktRegNumber: "Registration no.",
  regShort: "Reg.",
  fn: "FN",
  shiftNumber: "Shift no.",
  openedAt: "Opened",
  closedAt: "Closed",
  cashier: "Cashier",
  income: "Income",
  incomeReturn: "Income return",
  expenditure: "Expenditure",
  expenditureReturn: "Expenditure return",
  corrections: "Corrections",
  incomeCorrection: "Income correction",
  expenditureCorrection: "Expenditure correction",
  receipts: "Receipts",
  total: "Total",
  cash: "Cash",
  electronic: "Electronic",
  prepaid: "Prepaid",
  credit: "Credit",
  other: "Other consideration",
  netRevenue: "Net revenue (income − return)",
  documents: "Documents",
  flags: "Flags",
  flagOpen: "Open",
  flagOverlong: "Over 24 h",
  flagMidnight: "Across midnight",
  flagsShort: { open: "open", overlong: "> 24 h", midnight: "past 0:00" },
  yes: "yes",
  shifts: "Shifts",
  subtotalOutlet: "Outlet total",
  subtotalDepartment: "Department total",
  grandTotal: "Grand total",
  noDepartment: "No department",
  noOutlet: "No outlet",
  preGrouped: "(source total)",
  revenueByOutlet: "Revenue by outlet, RUB",
  revenueByDepartment: "Revenue by department, RUB",
  vatByRate: "VAT by rate, RUB",
  keyFigures: "Totals",
  tooManyRows: (rows, limit, excel) =>
    `The report has ${rows} rows, more than the PDF limit of ${limit}. This PDF shows the totals; the full listing is in the Excel file${
      excel === null ? "" : ` "${excel}"`
    }.`,
  month: "Month",
  day: "Day",
  shift: "Shift",
  gross: "Gross",
  vat: "VAT",
  base: "Base",
  receiptsTotal: "Receipts total",
  ratesSum: "Sum over rates",
  difference: "Difference",
  check: "Check",
  checkOk: "OK",
  checkMismatch: "ERROR",
  checkUnknown: "n/a",
  monthTotal: (m) => `Total ${m}`,
  quarterTotal: (y, q) => `Total Q${q} ${y}`,
  blockIncome: "Income",
  blockIncomeReturn: "Income return",
  blockNet: "Net (income − income return)",
  vatUnknownNote:
    "\"—\": the source does not give this amount (kktstat/shifts gives only VAT per rate, and the gross only for 0% and no VAT; return VAT only ShiftInfo gives). Check \"n/a\": the sum over rates cannot be computed.",
  mismatchNote: (n) => `Rows where the sum over rates differs from the receipts total: ${n}.`,
  kind: "Kind",
  count: "Count",
  amountOfd: "OFD amount",
  amountErp: "ERP amount",
  amountDelta: "Difference",
  rate: "VAT rate",
  erpLine: "ERP line",
  erpDocument: "ERP document",
  fiscalDocument: "Fiscal document",
  fd: "FD",
  documentTime: "Date and time",
  operation: "Operation",
  explanation: "Explanation",
  noRate: "No rate",
  severity: "Severity",
  severityError: "error",
  severityInfo: "information",
  tier: "Tier",
  file: "File",
  lines: "Lines",
  register: "Register",
  erpSide: "ERP",
  fiscalSide: "Fiscal document",
  erpReceipts: "ERP receipts",
  netSales: "Sales − refunds",
  ofdReceipts: "OFD receipts",
  matched: "Matched",
  errors: "Errors",
  differencesCount: "Differences",
  atStake: "Absolute difference",
  ofdVat: "OFD VAT",
  erpVat: "ERP VAT",
  ofdGross: "OFD gross",
  erpGross: "ERP gross",
  status: { ok: "equal", rounding: "rounding", mismatch: "differs" },
  statusLabel: "Result",
  receiptDifferences: "Receipt differences",
  fiscalSign: "Fiscal sign",
  businessDay: "Business day",
  rejectedSheet: "Rejected rows",
  column: "Column",
  value: "Value",
  reason: "Reason",
  erpFiles: "ERP files",
  rowsRead: "Rows read",
  rowsAccepted: "Rows accepted",
  rowsRejected: "Rows rejected",
  erpIncome: "ERP sales",
  erpIncomeReturn: "ERP refunds",
  ofdDocuments: "OFD documents",
  ofdInScope: "OFD receipts in scope",
  ofdIncome: "OFD income",
  ofdIncomeReturn: "OFD income return",
  matchedByTier: (t) => `Matched at tier ${t}`,
  notes: "Notes",
  differencesByKind: "Differences by kind (absolute), RUB"
}

export const labels = (language: Language): Labels => (language === "en" ? en : ru)

/** Department / outlet names as printed: the name, the code in brackets, or a placeholder. */
export const namedText = (n: { name: string | null; code: string | null } | null, placeholder: string): string => {
  if (n === null || (n.name === null && n.code === null)) return placeholder
  if (n.name === null) return `[${n.code}]`
  return n.code === null || n.code === "" ? n.name : `${n.name} [${n.code}]`
}
