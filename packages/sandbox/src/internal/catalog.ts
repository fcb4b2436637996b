/**
 * Fixed word lists of the generator: cities and streets, outlet brands, cashiers, register and drive models,
 * and goods per kind of outlet with their VAT classes. Changing an entry changes generated data, so the lists
 * are append-only in spirit.
 */
import type { FiscalDocument } from "@taxcom-kit/core"

type TaxationSystem = FiscalDocument.TaxationSystem

export interface City {
  readonly name: string
  readonly region: string
  readonly regionCode: string
  readonly postcode: number
  readonly code: string
  readonly streets: ReadonlyArray<string>
}

export const CITIES: ReadonlyArray<City> = [
  { name: "Москва", region: "Центральный регион", regionCode: "77", postcode: 101000, code: "MSK", streets: ["ул. Тверская", "ул. Арбат", "Ленинский пр-т", "ул. Профсоюзная", "Варшавское ш.", "ул. Новый Арбат", "пр-т Мира"] },
  { name: "Санкт-Петербург", region: "Северо-Запад", regionCode: "78", postcode: 190000, code: "SPB", streets: ["Невский пр-т", "Литейный пр-т", "ул. Садовая", "Московский пр-т", "ул. Марата"] },
  { name: "Самара", region: "Поволжье", regionCode: "63", postcode: 443000, code: "SMR", streets: ["ул. Елизарова", "Московское ш.", "ул. Свободы", "ул. Аэродромная", "ул. Ленинградская"] },
  { name: "Казань", region: "Поволжье", regionCode: "16", postcode: 420000, code: "KZN", streets: ["ул. Баумана", "пр-т Победы", "ул. Пушкина", "ул. Декабристов"] },
  { name: "Екатеринбург", region: "Урал", regionCode: "66", postcode: 620000, code: "EKB", streets: ["ул. Малышева", "пр-т Ленина", "ул. Вайнера", "ул. 8 Марта"] },
  { name: "Новосибирск", region: "Сибирь", regionCode: "54", postcode: 630000, code: "NSK", streets: ["Красный пр-т", "ул. Ленина", "ул. Кирова", "ул. Гоголя"] },
  { name: "Нижний Новгород", region: "Поволжье", regionCode: "52", postcode: 603000, code: "NNV", streets: ["ул. Большая Покровская", "ул. Рождественская", "пр-т Гагарина"] }
]

export const SURNAMES_F: ReadonlyArray<string> = ["Иванова", "Петрова", "Смирнова", "Кузнецова", "Соколова", "Попова", "Лебедева", "Козлова", "Новикова", "Морозова", "Волкова", "Алексеева"]
export const SURNAMES_M: ReadonlyArray<string> = ["Иванов", "Петров", "Сидоров", "Кузнецов", "Соколов", "Попов", "Фёдоров", "Морозов", "Волков", "Зайцев"]
export const INITIALS: ReadonlyArray<string> = ["А.С.", "Е.В.", "О.Н.", "Т.П.", "И.И.", "М.А.", "Н.Ю.", "С.Г.", "Д.К.", "В.Л."]

/** Kinds of outlet: the goods they sell, the taxation system and the VAT rates they use. */
export type ProfileId = "grocery" | "cafe" | "pharmacy" | "electronics" | "bakery" | "flowers" | "services" | "kiosk"

/**
 * VAT classes of goods: `std` is the base rate in force on the receipt's date (22% from 2026, 20% before),
 * `calcStd`/`calcReduced` the calculated rates of advances, `usn`/`usnCalc` the 5% or 7% rate of simplified-tax
 * payers (from 2025; without VAT before).
 */
export type VatClass = "std" | "reduced" | "zero" | "none" | "calcStd" | "calcReduced" | "usn" | "usnCalc"

export interface Product {
  readonly name: string
  /** Price range in kopecks. */
  readonly min: number
  readonly max: number
  readonly vat: VatClass
  /** Sold by weight: fractional quantity. */
  readonly weighted?: boolean
  /** FFD tag 1212 (1 goods, 4 service, 10 payment). */
  readonly subject: number
  /** FFD tag 1214 (4 full payment, 3 advance, 1 prepayment 100%). */
  readonly paymentMethod: number
  readonly weight: number
}

const p = (name: string, minRub: number, maxRub: number, vat: VatClass, weight = 10, extra: Partial<Pick<Product, "weighted" | "subject" | "paymentMethod">> = {}): Product => ({
  name, min: Math.round(minRub * 100), max: Math.round(maxRub * 100), vat, weight,
  subject: extra.subject ?? 1, paymentMethod: extra.paymentMethod ?? 4, ...(extra.weighted ? { weighted: true } : {})
})

export interface Profile {
  readonly id: ProfileId
  readonly label: string
  readonly taxation: TaxationSystem
  /** 5 or 7: the simplified-tax VAT rate. */
  readonly usnRate?: 5 | 7
  readonly products: ReadonlyArray<Product>
  /** Share of receipts paid in cash, mixed, by earlier advance (tag 1215), on credit (1216). */
  readonly pay: { readonly cash: number; readonly electronic: number; readonly mixed: number; readonly prepaid: number; readonly credit: number }
  readonly expenditureShare: number
  /** What the register buys back (expenditure receipts). */
  readonly expenditureGoods: ReadonlyArray<Product>
  readonly brands: ReadonlyArray<string>
}

const STD_PAY = { cash: 35, electronic: 55, mixed: 5, prepaid: 3, credit: 2 }

export const PROFILES: ReadonlyArray<Profile> = [
  {
    id: "grocery", label: "Продукты", taxation: "OSN", pay: STD_PAY, expenditureShare: 0.012,
    brands: ["Магазин \"Ромашка\"", "Универсам \"Берёзка\"", "Продукты у дома", "Маркет \"Колос\""],
    products: [
      p("Хлеб пшеничный 500 г", 45, 79, "reduced", 30), p("Молоко 3,2% 1 л", 79, 119, "reduced", 30),
      p("Сыр российский", 650, 990, "reduced", 8, { weighted: true }), p("Яблоки", 99, 189, "reduced", 12, { weighted: true }),
      p("Кофе молотый 250 г", 349, 699, "std", 10), p("Шоколад молочный 90 г", 89, 159, "std", 14),
      p("Вода минеральная 1,5 л", 49, 89, "std", 16), p("Пакет-майка", 5, 12, "std", 25),
      p("Средство для мытья посуды", 119, 249, "std", 6), p("Лотерейный билет", 100, 300, "none", 2, { subject: 4 }),
      p("Подарочная карта", 500, 3000, "calcStd", 1, { subject: 10, paymentMethod: 3 }),
      p("Детское питание", 59, 149, "reduced", 6), p("Экспортная поставка (0%)", 200, 900, "zero", 1)
    ],
    expenditureGoods: [p("Возврат залоговой стоимости тары", 10, 50, "std", 1)]
  },
  {
    id: "cafe", label: "Кафе", taxation: "OSN", pay: { cash: 20, electronic: 72, mixed: 4, prepaid: 3, credit: 1 }, expenditureShare: 0.004,
    brands: ["Кафе \"Берёзка\"", "Кофейня \"Зерно; и точка\"", "Столовая №1", "Бар \"Полночь\""],
    products: [
      p("Капучино 300 мл", 180, 290, "std", 30, { subject: 4 }), p("Бизнес-ланч", 350, 590, "std", 20, { subject: 4 }),
      p("Круассан", 120, 220, "std", 16, { subject: 4 }), p("Чай чёрный", 120, 190, "std", 12, { subject: 4 }),
      p("Детское меню", 250, 390, "reduced", 4, { subject: 4 }), p("Депозит банкета", 3000, 15000, "calcStd", 1, { subject: 10, paymentMethod: 1 })
    ],
    expenditureGoods: [p("Выплата по возврату депозита", 500, 3000, "std", 1)]
  },
  {
    id: "pharmacy", label: "Аптека", taxation: "OSN", pay: { cash: 40, electronic: 55, mixed: 3, prepaid: 1, credit: 1 }, expenditureShare: 0,
    brands: ["Аптека \"Здоровье\"", "Аптечный пункт №7", "Аптека \"Плантаго\""],
    products: [
      p("Парацетамол 500 мг №20", 35, 89, "reduced", 20), p("Ибупрофен 200 мг №50", 89, 199, "reduced", 15),
      p("Витамин C 1000 мг", 250, 590, "std", 10), p("Тонометр автоматический", 1990, 4990, "none", 2),
      p("Бинт стерильный", 29, 79, "none", 8), p("Крем для рук", 149, 399, "std", 8),
      p("Предзаказ лекарства", 300, 2000, "calcReduced", 1, { paymentMethod: 1 })
    ],
    expenditureGoods: []
  },
  {
    id: "electronics", label: "Электроника", taxation: "OSN", pay: { cash: 15, electronic: 70, mixed: 5, prepaid: 5, credit: 5 }, expenditureShare: 0.01,
    brands: ["Техносфера", "Цифровой мир", "Мегабайт"],
    products: [
      p("Кабель USB-C 1 м", 390, 990, "std", 20), p("Наушники беспроводные", 1990, 12990, "std", 10),
      p("Смартфон", 9990, 79990, "std", 4), p("Защитное стекло", 490, 1490, "std", 12),
      p("Установка ПО", 500, 2500, "std", 5, { subject: 4 }), p("Доставка в Казахстан", 800, 2500, "zero", 4, { subject: 4 }),
      p("Подарочный сертификат", 1000, 10000, "calcStd", 2, { subject: 10, paymentMethod: 3 })
    ],
    expenditureGoods: [p("Выкуп б/у смартфона", 3000, 20000, "std", 1)]
  },
  {
    id: "bakery", label: "Пекарня (УСН, НДС 5%)", taxation: "USNIncome", usnRate: 5, pay: STD_PAY, expenditureShare: 0,
    brands: ["Пекарня \"Колобок\"", "Хлебный двор"],
    products: [
      p("Булочка с корицей", 59, 99, "usn", 30), p("Багет", 79, 129, "usn", 20), p("Пирог с капустой", 89, 149, "usn", 15),
      p("Торт на заказ (предоплата)", 1000, 4000, "usnCalc", 1, { paymentMethod: 1 })
    ],
    expenditureGoods: []
  },
  {
    id: "flowers", label: "Цветы (УСН, НДС 7%)", taxation: "USNIncomeExpenditure", usnRate: 7, pay: STD_PAY, expenditureShare: 0,
    brands: ["Цветочная лавка", "Флора"],
    products: [
      p("Роза красная", 120, 250, "usn", 30), p("Букет сборный", 1500, 6500, "usn", 10), p("Упаковка", 100, 300, "usn", 15),
      p("Предоплата букета", 1000, 5000, "usnCalc", 1, { paymentMethod: 1 })
    ],
    expenditureGoods: []
  },
  {
    id: "services", label: "Услуги (УСН без НДС)", taxation: "USNIncome", pay: { cash: 30, electronic: 65, mixed: 3, prepaid: 1, credit: 1 }, expenditureShare: 0,
    brands: ["Химчистка \"Снежинка\"", "Ремонт обуви", "Копицентр"],
    products: [
      p("за обслуживание", 500, 3000, "none", 30, { subject: 4 }), p("Чистка пальто", 900, 1900, "none", 10, { subject: 4 }),
      p("Печать А4", 10, 30, "none", 20, { subject: 4 })
    ],
    expenditureGoods: []
  },
  {
    id: "kiosk", label: "Киоск (патент)", taxation: "Patent", pay: { cash: 55, electronic: 43, mixed: 2, prepaid: 0, credit: 0 }, expenditureShare: 0,
    brands: ["Киоск \"Пресса\"", "Шаурма у метро"],
    products: [p("Газета", 35, 80, "none", 20), p("Шаурма", 220, 390, "none", 30), p("Напиток", 80, 150, "none", 20)],
    expenditureGoods: []
  }
]

export const profileById = (id: ProfileId): Profile => PROFILES.find((p) => p.id === id)!

/** Weights of profiles for outlets after the first few (which are fixed for variety). */
export const PROFILE_WEIGHTS: Readonly<Record<ProfileId, number>> = {
  grocery: 40, cafe: 15, pharmacy: 12, electronics: 8, bakery: 8, flowers: 5, services: 7, kiosk: 5
}

export interface KktModel {
  readonly name: string
  /** Factory number: a prefix and the number of digits in total. */
  readonly prefix: string
  readonly digits: number
}

/** The register models the sandbox's model registry knows (CreateKKTRegApp answers 2301 for others). */
export const KKT_MODELS: ReadonlyArray<KktModel> = [
  { name: "АТОЛ 30Ф", prefix: "00106", digits: 14 },
  { name: "АТОЛ 55Ф", prefix: "00107", digits: 14 },
  { name: "ЭВОТОР СТ2Ф", prefix: "0003", digits: 16 },
  { name: "Меркурий-115Ф", prefix: "0155", digits: 8 },
  { name: "ШТРИХ-М-01Ф", prefix: "0497", digits: 14 },
  { name: "Пионер-114Ф", prefix: "0502", digits: 10 }
]

export interface FnModel {
  readonly name: string
  readonly months: 15 | 36
  readonly prefix: string
}

export const FN_MODELS: ReadonlyArray<FnModel> = [
  { name: "ФН-1.1М исполнение 15", months: 15, prefix: "73804407" },
  { name: "ФН-1.1М исполнение 36", months: 36, prefix: "72814405" }
]

/** Region codes the sandbox's directory knows (CreateKKTRegApp answers 2303 for others). */
export const REGION_CODES: ReadonlySet<string> = new Set(
  Array.from({ length: 92 }, (_, i) => String(i + 1).padStart(2, "0")).filter((c) => !["80", "81", "82", "84", "85", "88"].includes(c))
)

export const PARTNERS: ReadonlyArray<{ readonly name: string; readonly inn: string; readonly kpp: string; readonly contactName: string; readonly phone: string; readonly email: string }> = [
  { name: "ООО \"ЦТО Кассовый сервис\"", inn: "7707083893", kpp: "770701001", contactName: "Сергеев П.А.", phone: "+7 495 000-00-01", email: "support@cto.example" },
  { name: "ИП Кассир-Мастер", inn: "631100000006", kpp: "", contactName: "Мастеров И.И.", phone: "+7 846 000-00-02", email: "master@cto.example" }
]

/** Activation codes the sandbox accepts in DraftAccept. */
export const ACTIVATION_CODES: ReadonlySet<string> = new Set(["1111-2222-3333-4444", "DEMO-ACTIVATION"])
